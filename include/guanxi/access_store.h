/* Storage of access control (guanxi/access.h): the admins' changes to the permission table
 * and to row scopes, the audit log query of /api/v1/audit, and the bulk hand-over of a
 * disabled user's customers. */
#ifndef GUANXI_ACCESS_STORE_H
#define GUANXI_ACCESS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/arena.h"
#include "guanxi/store.h"

/* Calls fn for every stored permission change; fn returns non-zero to stop. */
enum gx_err store_access_rules(struct store *s,
                               int (*fn)(const char *role, const char *entity, const char *action,
                                         int allowed, void *ctx),
                               void *ctx, struct gx_error *err);
enum gx_err store_access_scopes(struct store *s, int (*fn)(const char *role, const char *scope, void *ctx),
                                void *ctx, struct gx_error *err);
/* allowed 0/1 stores the change; -1 removes it (back to the default). */
enum gx_err store_access_rule_put(struct store *s, const char *role, const char *entity,
                                  const char *action, int allowed, int64_t user_id,
                                  struct gx_error *err);
/* The department user_id heads (preferring prefer_dept when the user heads several), 0 for
 * none. */
enum gx_err store_department_headed(struct store *s, int64_t user_id, int64_t prefer_dept, int64_t *dept_id,
                                    struct gx_error *err);
/* scope NULL removes the change. */
enum gx_err store_access_scope_put(struct store *s, const char *role, const char *scope,
                                   int64_t user_id, struct gx_error *err);

struct store_audit_query {
	const char *entity;       /* NULL: any */
	int64_t entity_id;        /* 0: any */
	int64_t user_id;          /* 0: any; -1: the system (NULL user) */
	const char *since;        /* ISO instant, inclusive; NULL: no bound */
	const char *until;        /* ISO instant, exclusive; NULL: no bound */
	int64_t before_id;        /* keyset paging: rows with a smaller id; 0: from the newest */
	int limit;                /* 1..1000 */
};

struct store_audit_row {
	int64_t id;
	const char *at;
	int64_t user_id;          /* 0: the system */
	const char *request_id, *action, *entity;
	int64_t entity_id;
	const char *changes;      /* JSON text or NULL */
	int64_t job_id;
};

/* Newest first. *more = 1 when rows older than the last one match. */
enum gx_err store_audit_list(struct store *s, const struct store_audit_query *q, struct gx_arena *a,
                             struct store_audit_row **rows, size_t *n, int *more,
                             struct gx_error *err);

/* Hands every customer of from_user (recycle bin included) to to_user with its team and
 * department, or to the public pool when to_user is 0, stamping job_id; one pool_events row
 * per customer (assign or release, with reason). */
enum gx_err store_customer_handover(struct store *s, int64_t from_user, int64_t to_user,
                                    int64_t team_id, int64_t department_id, int64_t actor_id,
                                    const char *reason, int64_t job_id, int64_t *moved,
                                    struct gx_error *err);

#endif
