/* Club memberships, tiers and the points ledger (see guanxi/loyalty_store.h). Portable SQL on
 * both backends; lists are read into arena arrays that grow by doubling. */
#include "guanxi/loyalty_store.h"

#include <string.h>

#include "guanxi/entity.h"
#include "store/driver.h"
#include "store/scope_sql.h"

/* Room for one more element of size sz in *arr (capacity *cap, count n), in the arena. */
static void *grow(struct gx_arena *a, void *arr, size_t n, size_t *cap, size_t sz)
{
	if (n < *cap)
		return arr;
	size_t ncap = *cap ? *cap * 2 : 8;
	void *p = gx_arena_alloc(a, ncap * sz);
	if (n)
		memcpy(p, arr, n * sz);
	*cap = ncap;
	return p;
}

static const char *dup_col(struct store *s, struct db_stmt *st, int col, struct gx_arena *a)
{
	const char *t = db_col_text(s, st, col);
	return t ? gx_arena_strdup(a, t) : NULL;
}

#define MEMBER_COLS "cm.id, cm.club_id, cm.customer_id, cl.code, cl.name, cm.joined_on, cm.left_on"
#define MEMBER_FROM " FROM club_members cm JOIN clubs cl ON cl.id = cm.club_id"

static void read_member(struct store *s, struct db_stmt *st, struct gx_arena *a, struct store_membership *m)
{
	m->id = db_col_i64(s, st, 0);
	m->club_id = db_col_i64(s, st, 1);
	m->customer_id = db_col_i64(s, st, 2);
	m->club_code = dup_col(s, st, 3, a);
	m->club_name = dup_col(s, st, 4, a);
	m->joined_on = dup_col(s, st, 5, a);
	m->left_on = dup_col(s, st, 6, a);
}

enum gx_err store_club_member_open(struct store *s, int64_t club_id, int64_t customer_id,
                                   struct gx_arena *a, struct store_membership *out, int *found,
                                   struct gx_error *err)
{
	struct db_stmt *st;
	*found = 0;
	enum gx_err e = db_prepare(s, "SELECT " MEMBER_COLS MEMBER_FROM
	                              " WHERE cm.club_id = ? AND cm.customer_id = ? AND cm.left_on IS NULL",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "ii", club_id, customer_id);
	int row = 0;
	if ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		read_member(s, st, a, out);
		*found = 1;
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_club_member_join(struct store *s, int64_t club_id, int64_t customer_id,
                                   const char *joined_on, const char *now, int64_t *id,
                                   struct gx_error *err)
{
	return db_query_i64(s,
	                    "INSERT INTO club_members (club_id, customer_id, joined_on, created_at)"
	                    " VALUES (?, ?, ?, ?) RETURNING id",
	                    id, NULL, err, "iitt", club_id, customer_id, joined_on, now);
}

enum gx_err store_club_member_leave(struct store *s, int64_t membership_id, const char *left_on,
                                    struct gx_error *err)
{
	return db_exec(s, "UPDATE club_members SET left_on = ? WHERE id = ?", NULL, err, "ti", left_on,
	               membership_id);
}

/* Only members whose customer the caller's row scope shows (a rep lists the club members among
 * their own customers; the count of a club's members is never larger than what can be opened). */
enum gx_err store_club_members(struct store *s, int64_t club_id, int64_t customer_id, int all,
                               struct gx_arena *a, struct store_membership **out, size_t *n,
                               struct gx_error *err)
{
	*out = NULL;
	*n = 0;
	struct sql_build b;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT " MEMBER_COLS MEMBER_FROM " WHERE 1 = 1");
	if (club_id) {
		sb_add(&b.sql, " AND cm.club_id = ");
		sqlb_param_i64(&b, club_id);
	}
	if (customer_id) {
		sb_add(&b.sql, " AND cm.customer_id = ");
		sqlb_param_i64(&b, customer_id);
	}
	if (!all)
		sb_add(&b.sql, " AND cm.left_on IS NULL");
	if (scope_sql_active(s, &entity_customer)) {
		sb_add(&b.sql, " AND cm.customer_id IN (SELECT id FROM customers WHERE 1 = 1");
		scope_sql_where(s, &entity_customer, &b);
		sb_addc(&b.sql, ')');
	}
	/* One customer's memberships (every GET /customers/{id}) come in the order of the index
	 * club_members_customer (customer_id, club_id, then the row id), so no sort is set up per
	 * request; a club's list keeps joining order. */
	sb_add(&b.sql, customer_id && !club_id ? " ORDER BY cm.club_id, cm.id" : " ORDER BY cm.id");
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sb_str(&b.sql), &st, err);
	if (e == GX_OK) {
		sqlb_bind(s, &b, st);
		size_t cap = 0;
		for (;;) {
			int row = 0;
			if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
				break;
			*out = grow(a, *out, *n, &cap, sizeof **out);
			read_member(s, st, a, &(*out)[(*n)++]);
		}
		db_reset(s, st);
	}
	sqlb_free(&b);
	return e;
}

enum gx_err store_tier_insert(struct store *s, const struct store_tier *t, int64_t *id,
                              struct gx_error *err)
{
	return db_query_i64(s,
	                    "INSERT INTO club_tiers (club_id, code, name, threshold_points) VALUES (?, ?, ?, ?)"
	                    " RETURNING id",
	                    id, NULL, err, "itti", t->club_id, t->code, t->name, t->threshold_points);
}

enum gx_err store_tiers(struct store *s, int64_t club_id, struct gx_arena *a,
                        struct store_tier **out, size_t *n, struct gx_error *err)
{
	struct db_stmt *st;
	*out = NULL;
	*n = 0;
	enum gx_err e = db_prepare(s,
	                           "SELECT id, club_id, code, name, threshold_points FROM club_tiers"
	                           " WHERE club_id = ? ORDER BY threshold_points",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "i", club_id);
	size_t cap = 0;
	for (;;) {
		int row = 0;
		if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
			break;
		*out = grow(a, *out, *n, &cap, sizeof **out);
		struct store_tier *t = &(*out)[(*n)++];
		t->id = db_col_i64(s, st, 0);
		t->club_id = db_col_i64(s, st, 1);
		t->code = dup_col(s, st, 2, a);
		t->name = dup_col(s, st, 3, a);
		t->threshold_points = db_col_i64(s, st, 4);
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_points_insert(struct store *s, const struct store_points_entry *p, int64_t *id,
                                struct gx_error *err)
{
	return db_query_i64(s,
	                    "INSERT INTO points_ledger (club_id, customer_id, kind, points, remaining,"
	                    " entry_date, expires_on, order_id, reason, user_id, created_at)"
	                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	                    id, NULL, err, "iitiittItIt", p->club_id, p->customer_id, p->kind, p->points,
	                    p->remaining, p->entry_date, p->expires_on, p->order_id, p->reason, p->user_id,
	                    p->created_at);
}

enum gx_err store_points_totals(struct store *s, int64_t club_id, int64_t customer_id,
                                int64_t *balance, int64_t *credited, struct gx_error *err)
{
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           "SELECT COALESCE(SUM(points), 0),"
	                           " COALESCE(SUM(CASE WHEN points > 0 THEN points ELSE 0 END), 0)"
	                           " FROM points_ledger WHERE club_id = ? AND customer_id = ?",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "ii", club_id, customer_id);
	int row = 0;
	*balance = *credited = 0;
	if ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		*balance = db_col_i64(s, st, 0);
		*credited = db_col_i64(s, st, 1);
	}
	db_reset(s, st);
	return e;
}

#define ENTRY_COLS "id, club_id, customer_id, kind, points, remaining, entry_date, expires_on," \
                   " order_id, reason, user_id, created_at"

static enum gx_err read_entries(struct store *s, struct db_stmt *st, struct gx_arena *a,
                                struct store_points_entry **out, size_t *n, struct gx_error *err)
{
	size_t cap = 0;
	enum gx_err e;
	for (;;) {
		int row = 0;
		if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
			break;
		*out = grow(a, *out, *n, &cap, sizeof **out);
		struct store_points_entry *p = &(*out)[(*n)++];
		p->id = db_col_i64(s, st, 0);
		p->club_id = db_col_i64(s, st, 1);
		p->customer_id = db_col_i64(s, st, 2);
		p->kind = dup_col(s, st, 3, a);
		p->points = db_col_i64(s, st, 4);
		p->remaining = db_col_i64(s, st, 5);
		p->entry_date = dup_col(s, st, 6, a);
		p->expires_on = dup_col(s, st, 7, a);
		p->order_id = db_col_is_null(s, st, 8) ? 0 : db_col_i64(s, st, 8);
		p->reason = dup_col(s, st, 9, a);
		p->user_id = db_col_is_null(s, st, 10) ? 0 : db_col_i64(s, st, 10);
		p->created_at = dup_col(s, st, 11, a);
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_points_open_credits(struct store *s, int64_t club_id, int64_t customer_id,
                                      const char *expiring_by, struct gx_arena *a,
                                      struct store_points_entry **out, size_t *n,
                                      struct gx_error *err)
{
	struct db_stmt *st;
	*out = NULL;
	*n = 0;
	enum gx_err e = db_prepare(s, "SELECT " ENTRY_COLS " FROM points_ledger"
	                              " WHERE club_id = ? AND (? = 0 OR customer_id = ?) AND remaining > 0"
	                              " AND (CAST(? AS TEXT) IS NULL OR (expires_on IS NOT NULL AND expires_on <= ?))"
	                              " ORDER BY entry_date, id",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "iiitt", club_id, customer_id, customer_id, expiring_by, expiring_by);
	return read_entries(s, st, a, out, n, err);
}

enum gx_err store_points_allocate(struct store *s, int64_t debit_id, int64_t credit_id,
                                  int64_t points, struct gx_error *err)
{
	enum gx_err e = db_exec(s, "UPDATE points_ledger SET remaining = remaining - ? WHERE id = ?",
	                        NULL, err, "ii", points, credit_id);
	if (e == GX_OK)
		e = db_exec(s, "INSERT INTO points_allocations (debit_id, credit_id, points) VALUES (?, ?, ?)",
		            NULL, err, "iii", debit_id, credit_id, points);
	return e;
}

enum gx_err store_points_entries(struct store *s, int64_t club_id, int64_t customer_id,
                                 struct gx_arena *a, struct store_points_entry **out, size_t *n,
                                 struct gx_error *err)
{
	struct db_stmt *st;
	*out = NULL;
	*n = 0;
	enum gx_err e = db_prepare(s, "SELECT " ENTRY_COLS " FROM points_ledger"
	                              " WHERE club_id = ? AND customer_id = ? ORDER BY id",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "ii", club_id, customer_id);
	return read_entries(s, st, a, out, n, err);
}

enum gx_err store_points_order_earned(struct store *s, int64_t club_id, int64_t order_id,
                                      int *found, struct gx_error *err)
{
	int64_t id;
	return db_query_i64(s, "SELECT id FROM points_ledger WHERE club_id = ? AND order_id = ? AND kind = 'earn'",
	                    &id, found, err, "ii", club_id, order_id);
}

enum gx_err store_purchases_since(struct store *s, int64_t customer_id, const char *since,
                                  int64_t *count, struct gx_error *err)
{
	return db_query_i64(s,
	                    "SELECT COUNT(*) FROM orders o WHERE o.customer_id = ? AND o.kind = 'sale'"
	                    " AND o.status <> 'cancelled' AND o.deleted_at IS NULL AND o.order_date >= ?"
	                    " AND o.amount_fen + COALESCE((SELECT SUM(r.amount_fen) FROM orders r"
	                    "   WHERE r.refund_of = o.id AND r.deleted_at IS NULL), 0) > 0",
	                    count, NULL, err, "it", customer_id, since);
}

enum gx_err store_order_net_fen(struct store *s, int64_t order_id, int64_t *net, struct gx_error *err)
{
	return db_query_i64(s,
	                    "SELECT o.amount_fen + COALESCE((SELECT SUM(r.amount_fen) FROM orders r"
	                    " WHERE r.refund_of = o.id AND r.deleted_at IS NULL), 0) FROM orders o WHERE o.id = ?",
	                    net, NULL, err, "i", order_id);
}

enum gx_err store_points_unearned_orders(struct store *s, int64_t club_id, int64_t customer_id,
                                         const char *since, struct gx_arena *a, int64_t **ids,
                                         size_t *n, struct gx_error *err)
{
	struct db_stmt *st;
	*ids = NULL;
	*n = 0;
	enum gx_err e = db_prepare(s,
	                           "SELECT o.id FROM orders o WHERE o.customer_id = ? AND o.kind = 'sale'"
	                           " AND o.status <> 'cancelled' AND o.deleted_at IS NULL AND o.order_date >= ?"
	                           " AND NOT EXISTS (SELECT 1 FROM points_ledger pl WHERE pl.club_id = ?"
	                           "   AND pl.order_id = o.id AND pl.kind = 'earn')"
	                           " ORDER BY o.order_date, o.id",
	                           &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "iti", customer_id, since, club_id);
	size_t cap = 0;
	for (;;) {
		int row = 0;
		if ((e = db_step(s, st, &row, err)) != GX_OK || !row)
			break;
		*ids = grow(a, *ids, *n, &cap, sizeof **ids);
		(*ids)[(*n)++] = db_col_i64(s, st, 0);
	}
	db_reset(s, st);
	return e;
}
