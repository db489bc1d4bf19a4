/* Access control (PRODUCT.md module 11, DECISIONS.md "Row scopes", "Leak control"): roles, the
 * permission table role × entity × action with its defaults and the admins' changes, the row
 * scope of each role, and handing a disabled user's customers on. The HTTP server checks the
 * permission of every route here; the store narrows every read and write to the actor's row
 * scope (guanxi/store_scope.h), which app_access_apply sets. */
#ifndef GUANXI_ACCESS_H
#define GUANXI_ACCESS_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/app.h"
#include "guanxi/store_scope.h"

enum access_action {
	ACCESS_READ,
	ACCESS_CREATE,
	ACCESS_UPDATE,
	ACCESS_DELETE,
	ACCESS_EXPORT,
	ACCESS_FULL_VIEW,   /* see phone and WeChat of customers one does not own, unmasked */
	ACCESS_ADMIN,       /* admin-only actions on the entity (permissions, purge, user handover) */
	ACCESS_NACTIONS
};

#define ACCESS_NROLES 7

/* "admin", "manager", "sales", "service", "marketing", "analyst", "readonly" (NULL-terminated). */
extern const char *const access_role_names[];
/* "read", "create", … "admin" in enum order (NULL-terminated). */
extern const char *const access_action_names[];
/* The names the permission table knows beside the entities: "permission", "audit". */
extern const char *const access_pseudo_entities[];

int access_role_index(const char *role);        /* -1 when unknown */
int access_action_parse(const char *name);      /* -1 when unknown */

/* The built-in defaults (access_defaults.c). */
int access_default_allowed(const char *role, const char *entity, enum access_action action);
enum store_scope_kind access_default_scope(const char *role);

/* What admins changed, loaded from the database (one per app, refreshed by the server). */
struct access_rule {
	char role[16];
	char entity[32];
	int action;
	int allowed;
};

#define ACCESS_SUBTREE_CACHE 16

struct access_policy {
	struct access_rule *rules;
	size_t nrules;
	int scope[ACCESS_NROLES];      /* enum store_scope_kind, or -1 for the default */
	/* Department subtrees already resolved, so the department scope binds a list of ids
	 * instead of walking the tree in every query; refreshed with the policy. */
	struct {
		int64_t department_id;
		int n;
		int64_t ids[STORE_SCOPE_MAX_SUBTREE];
	} subtree[ACCESS_SUBTREE_CACHE];
	int nsubtree;
};

/* (Re)loads the admins' changes. */
enum gx_err app_access_load(struct app *app, struct gx_error *err);
void app_access_free(struct app *app);

/* Whether role may do action on entity under the loaded policy (admin: always). */
int app_access_role_allowed(const struct app *app, const char *role, const char *entity,
                            enum access_action action);
enum store_scope_kind app_access_role_scope(const struct app *app, const char *role);
/* The acting user: the system (user 0 with role admin) may do everything. */
int app_access_allowed(const struct app *app, const char *entity, enum access_action action);
/* GX_EFORBIDDEN naming the role, entity and action when the actor may not. */
enum gx_err app_access_check(const struct app *app, const char *entity, enum access_action action,
                             struct gx_error *err);

/* Ownership moves through its own actions (a customer transfer request and its approval, the
 * pool's claim and assign, a ticket's assign), never as a side effect of an edit: when patch
 * changes a column that says whose before is (the entity's owner_field, team_field or
 * department_field), GX_EFORBIDDEN naming the field unless the actor may assign (the system,
 * admins, managers, or a role an admin gave the "admin" action on the entity). The store's
 * row scope still limits a manager to records in their scope. */
enum gx_err app_access_check_owner_change(const struct app *app, const struct record *before,
                                          const struct record *patch, struct gx_error *err);
/* Sets the store's row scope from the actor: all for the system, none for nobody (user 0 with
 * another role), else the role's scope with masking unless the role has full_view on
 * customers. Called whenever the actor changes. */
void app_access_apply(struct app *app);
/* Fills app->actor.head_of from the departments table (0 on any failure); called wherever the
 * acting user is set, before app_access_apply. */
void app_access_actor_head(struct app *app);

/* Admin changes, audited. allowed: 1 allow, 0 deny, -1 back to the default. The admin role
 * cannot be changed (it would lock everybody out). */
enum gx_err app_access_set(struct app *app, const char *role, const char *entity, const char *action,
                           int allowed, struct gx_error *err);
/* scope: "own", "team", "department", "all", or NULL for the default. */
enum gx_err app_access_set_scope(struct app *app, const char *role, const char *scope,
                                 struct gx_error *err);

/* Entities of the permission table: every entity_def, then the pseudo entities. NULL past
 * the end. */
const char *app_access_entity(size_t i);

/* Disables a user (no login, sessions ended, tokens revoked) and hands their customers to
 * the successor (taking the successor's team and department) or, with successor NULL, back
 * to the public pool: one job with one audit row, each customer pointing to it. *moved gets
 * the number of customers handed on. Admin only. */
enum gx_err app_user_disable_handover(struct app *app, const char *username, const char *successor,
                                      int64_t *moved, struct gx_error *err);

#endif
