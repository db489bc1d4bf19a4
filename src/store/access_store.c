/* SQL of access control: role_permissions and role_scopes (migration 0011), the audit query
 * and the customer hand-over. Upserts use INSERT … ON CONFLICT, which both backends know. */
#include <string.h>

#include "guanxi/access_store.h"
#include "guanxi/clock.h"
#include "store/dept_head_sql.h"
#include "store/driver.h"
#include "store/sql_params.h"

enum gx_err store_access_rules(struct store *s,
                               int (*fn)(const char *role, const char *entity, const char *action,
                                         int allowed, void *ctx),
                               void *ctx, struct gx_error *err)
{
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, "SELECT role, entity, action, allowed FROM role_permissions"
	                              " ORDER BY role, entity, action", &st, err);
	if (e != GX_OK)
		return e;
	int row = 0;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row)
		if (fn(db_col_text(s, st, 0), db_col_text(s, st, 1), db_col_text(s, st, 2),
		       (int)db_col_i64(s, st, 3), ctx))
			break;
	db_reset(s, st);
	return e;
}

enum gx_err store_access_scopes(struct store *s, int (*fn)(const char *role, const char *scope, void *ctx),
                                void *ctx, struct gx_error *err)
{
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, "SELECT role, scope FROM role_scopes ORDER BY role", &st, err);
	if (e != GX_OK)
		return e;
	int row = 0;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row)
		if (fn(db_col_text(s, st, 0), db_col_text(s, st, 1), ctx))
			break;
	db_reset(s, st);
	return e;
}

enum gx_err store_access_rule_put(struct store *s, const char *role, const char *entity,
                                  const char *action, int allowed, int64_t user_id,
                                  struct gx_error *err)
{
	if (allowed < 0)
		return db_exec(s, "DELETE FROM role_permissions WHERE role = ? AND entity = ? AND action = ?",
		               NULL, err, "ttt", role, entity, action);
	char now[32];
	gx_now_iso(now);
	return db_exec(s,
	               "INSERT INTO role_permissions (role, entity, action, allowed, updated_at, updated_by)"
	               " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (role, entity, action) DO UPDATE SET"
	               " allowed = excluded.allowed, updated_at = excluded.updated_at,"
	               " updated_by = excluded.updated_by",
	               NULL, err, "tttitI", role, entity, action, (int64_t)allowed, now, user_id);
}

enum gx_err store_department_headed(struct store *s, int64_t user_id, int64_t prefer_dept, int64_t *dept_id,
                                    struct gx_error *err)
{
	*dept_id = 0;
	/* Two index probes, no sort (an ORDER BY form built a temporary B-tree each time). Requests
	 * read the same expression with their token or session (auth_store.c). NULL when none:
	 * *dept_id stays 0. */
	return db_query_i64(s, "SELECT " STORE_DEPT_HEADED_SQL("?1", "?2"), dept_id, NULL, err, "ii", prefer_dept,
	                    user_id);
}

enum gx_err store_access_scope_put(struct store *s, const char *role, const char *scope,
                                   int64_t user_id, struct gx_error *err)
{
	if (!scope)
		return db_exec(s, "DELETE FROM role_scopes WHERE role = ?", NULL, err, "t", role);
	char now[32];
	gx_now_iso(now);
	return db_exec(s,
	               "INSERT INTO role_scopes (role, scope, updated_at, updated_by) VALUES (?, ?, ?, ?)"
	               " ON CONFLICT (role) DO UPDATE SET scope = excluded.scope,"
	               " updated_at = excluded.updated_at, updated_by = excluded.updated_by",
	               NULL, err, "tttI", role, scope, now, user_id);
}

static const char *dup(struct gx_arena *a, const char *t)
{
	return t ? gx_arena_strdup(a, t) : NULL;
}

enum gx_err store_audit_list(struct store *s, const struct store_audit_query *q, struct gx_arena *a,
                             struct store_audit_row **rows, size_t *n, int *more,
                             struct gx_error *err)
{
	*n = 0;
	*more = 0;
	int limit = q->limit < 1 ? 50 : q->limit > 1000 ? 1000 : q->limit;
	struct sql_build b;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT id, at, user_id, request_id, action, entity, entity_id, changes, job_id"
	               " FROM audit_log WHERE 1 = 1");
	if (q->entity) {
		sb_add(&b.sql, " AND entity = ");
		sqlb_param_text(&b, q->entity);
	}
	if (q->entity_id) {
		sb_add(&b.sql, " AND entity_id = ");
		sqlb_param_i64(&b, q->entity_id);
	}
	if (q->user_id > 0) {
		sb_add(&b.sql, " AND user_id = ");
		sqlb_param_i64(&b, q->user_id);
	} else if (q->user_id < 0) {
		sb_add(&b.sql, " AND user_id IS NULL");
	}
	if (q->since) {
		sb_add(&b.sql, " AND at >= ");
		sqlb_param_text(&b, q->since);
	}
	if (q->until) {
		sb_add(&b.sql, " AND at < ");
		sqlb_param_text(&b, q->until);
	}
	if (q->before_id > 0) {
		sb_add(&b.sql, " AND id < ");
		sqlb_param_i64(&b, q->before_id);
	}
	sb_printf(&b.sql, " ORDER BY id DESC LIMIT %d", limit + 1);
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sb_str(&b.sql), &st, err);
	if (e != GX_OK) {
		sqlb_free(&b);
		return e;
	}
	sqlb_bind(s, &b, st);
	*rows = gx_arena_calloc(a, (size_t)limit, sizeof **rows);
	int row = 0;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		if ((int)*n == limit) {
			*more = 1;
			break;
		}
		struct store_audit_row *r = &(*rows)[(*n)++];
		r->id = db_col_i64(s, st, 0);
		r->at = dup(a, db_col_text(s, st, 1));
		r->user_id = db_col_i64(s, st, 2);
		r->request_id = dup(a, db_col_text(s, st, 3));
		r->action = dup(a, db_col_text(s, st, 4));
		r->entity = dup(a, db_col_text(s, st, 5));
		r->entity_id = db_col_i64(s, st, 6);
		r->changes = dup(a, db_col_text(s, st, 7));
		r->job_id = db_col_i64(s, st, 8);
	}
	db_reset(s, st);
	sqlb_free(&b);
	return e;
}

enum gx_err store_customer_handover(struct store *s, int64_t from_user, int64_t to_user,
                                    int64_t team_id, int64_t department_id, int64_t actor_id,
                                    const char *reason, int64_t job_id, int64_t *moved,
                                    struct gx_error *err)
{
	char now[32];
	gx_now_iso(now);
	/* The events first: they are found by the owner the update is about to change. */
	enum gx_err e = db_exec(s,
	                        "INSERT INTO pool_events (customer_id, user_id, actor_id, action, reason, job_id, at)"
	                        " SELECT id, ?, ?, ?, ?, ?, ? FROM customers WHERE owner_id = ?",
	                        NULL, err, "iIttIti", to_user ? to_user : from_user, actor_id,
	                        to_user ? "assign" : "release", reason, job_id, now, from_user);
	if (e != GX_OK)
		return e;
	if (to_user)
		return db_exec(s,
		               "UPDATE customers SET owner_id = ?, team_id = ?, department_id = ?, owner_since = ?,"
		               " version = version + 1, updated_at = ?, job_id = ? WHERE owner_id = ?",
		               moved, err, "iIIttIi", to_user, team_id, department_id, now, now, job_id,
		               from_user);
	return db_exec(s,
	               "UPDATE customers SET owner_id = NULL, owner_since = NULL, version = version + 1,"
	               " updated_at = ?, job_id = ? WHERE owner_id = ?",
	               moved, err, "tIi", now, job_id, from_user);
}
