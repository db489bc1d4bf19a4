/* The permission table and row scopes in effect: the defaults of access_defaults.c with the
 * admins' changes (role_permissions, role_scopes) over them, loaded once per app and
 * refreshed by the server with the settings, so a permission check is a lookup in memory and
 * never a query. app_access_apply turns the actor into the store's row scope. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/access.h"
#include "guanxi/access_store.h"
#include "guanxi/i18n.h"

struct load_ctx {
	struct access_policy *p;
	size_t cap;
};

static int add_rule(const char *role, const char *entity, const char *action, int allowed, void *ctx)
{
	struct load_ctx *c = ctx;
	int ai = access_action_parse(action);
	if (ai < 0 || !role || !entity)
		return 0;
	if (c->p->nrules == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->p->rules = gx_xrealloc(c->p->rules, c->cap * sizeof *c->p->rules);
	}
	struct access_rule *r = &c->p->rules[c->p->nrules++];
	snprintf(r->role, sizeof r->role, "%s", role);
	snprintf(r->entity, sizeof r->entity, "%s", entity);
	r->action = ai;
	r->allowed = allowed != 0;
	return 0;
}

static int add_scope(const char *role, const char *scope, void *ctx)
{
	struct load_ctx *c = ctx;
	int ri = access_role_index(role), k = store_scope_parse(scope);
	if (ri >= 0 && k >= 0)
		c->p->scope[ri] = k;
	return 0;
}

enum gx_err app_access_load(struct app *app, struct gx_error *err)
{
	struct access_policy *p = gx_xcalloc(1, sizeof *p);
	for (int i = 0; i < ACCESS_NROLES; i++)
		p->scope[i] = -1;
	struct load_ctx c = {.p = p};
	enum gx_err e = store_access_rules(app->store, add_rule, &c, err);
	if (e == GX_OK)
		e = store_access_scopes(app->store, add_scope, &c, err);
	if (e != GX_OK) {
		free(p->rules);
		free(p);
		return e;
	}
	app_access_free(app);
	app->access = p;
	app_access_apply(app);
	return GX_OK;
}

void app_access_free(struct app *app)
{
	if (!app->access)
		return;
	free(app->access->rules);
	free(app->access);
	app->access = NULL;
}

int app_access_role_allowed(const struct app *app, const char *role, const char *entity,
                            enum access_action action)
{
	if (role && strcmp(role, "admin") == 0)
		return 1;
	const struct access_policy *p = app->access;
	for (size_t i = 0; p && i < p->nrules; i++)
		if (p->rules[i].action == (int)action && strcmp(p->rules[i].role, role) == 0 &&
		    strcmp(p->rules[i].entity, entity) == 0)
			return p->rules[i].allowed;
	return access_default_allowed(role, entity, action);
}

enum store_scope_kind app_access_role_scope(const struct app *app, const char *role)
{
	int ri = access_role_index(role);
	if (ri >= 0 && app->access && app->access->scope[ri] >= 0)
		return (enum store_scope_kind)app->access->scope[ri];
	return access_default_scope(role);
}

static int is_system(const struct app *app)
{
	return app->actor.user_id == 0 && strcmp(app->actor.role, "admin") == 0;
}

int app_access_allowed(const struct app *app, const char *entity, enum access_action action)
{
	if (is_system(app))
		return 1;
	if (app->actor.user_id == 0)
		return 0;
	return app_access_role_allowed(app, app->actor.role, entity, action);
}

enum gx_err app_access_check(const struct app *app, const char *entity, enum access_action action,
                             struct gx_error *err)
{
	if ((unsigned)action >= ACCESS_NACTIONS)   /* a route naming an action that does not exist */
		return gx_error_set(err, GX_EFORBIDDEN, NULL, "no such action in the permission table");
	if (app_access_allowed(app, entity, action))
		return GX_OK;
	if (action == ACCESS_CREATE || action == ACCESS_UPDATE || action == ACCESS_DELETE) {
		char what[128];
		snprintf(what, sizeof what, _("the role %s may not change data"), app->actor.role);
		return gx_error_set(err, GX_EFORBIDDEN, NULL, "%s (%s %s)", what, access_action_names[action],
		                    entity);
	}
	return gx_error_set(err, GX_EFORBIDDEN, NULL, _("the role %s may not %s %s records"),
	                    app->actor.role, access_action_names[action], entity);
}

static int same_value(const struct gx_value *a, const struct gx_value *b)
{
	return a->is_null == b->is_null && (a->is_null || a->i == b->i);
}

enum gx_err app_access_check_owner_change(const struct app *app, const struct record *before,
                                          const struct record *patch, struct gx_error *err)
{
	const struct entity_def *def = before->def;
	const char *fields[] = {def->owner_field, def->team_field, def->department_field};
	if (is_system(app) || strcmp(app->actor.role, "admin") == 0 || strcmp(app->actor.role, "manager") == 0 ||
	    app_access_allowed(app, def->name, ACCESS_ADMIN))
		return GX_OK;
	for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) {
		int i = fields[k] ? entity_field_index(def, fields[k]) : -1;
		if (i < 0 || !patch->set[i] || same_value(&patch->v[i], &before->v[i]))
			continue;
		if (def == &entity_customer)
			return gx_error_set(err, GX_EFORBIDDEN, fields[k],
			                    _("%s cannot be changed by editing the customer: ask for a transfer (转移申请), "
			                      "or a manager or admin assigns it"),
			                    fields[k]);
		return gx_error_set(err, GX_EFORBIDDEN, fields[k],
		                    _("%s of a %s cannot be changed by editing it: only a manager or admin reassigns it"),
		                    fields[k], def->name);
	}
	return GX_OK;
}

/* The subtree of the actor's department from the cache, resolving it on a miss. A failure or
 * a tree too large leaves nsubtree 0: the predicate then walks the tree itself. */
static void resolve_subtree(struct app *app, struct store_scope *sc)
{
	struct access_policy *p = app->access;
	for (int i = 0; p && i < p->nsubtree; i++)
		if (p->subtree[i].department_id == sc->department_id) {
			sc->nsubtree = p->subtree[i].n;
			memcpy(sc->subtree, p->subtree[i].ids, (size_t)sc->nsubtree * sizeof *sc->subtree);
			return;
		}
	struct gx_error ignored;
	int n = 0;
	if (store_department_subtree(app->store, sc->department_id, sc->subtree, STORE_SCOPE_MAX_SUBTREE,
	                             &n, &ignored) != GX_OK || n <= 0)
		return;
	sc->nsubtree = n;
	if (p && p->nsubtree < ACCESS_SUBTREE_CACHE) {
		p->subtree[p->nsubtree].department_id = sc->department_id;
		p->subtree[p->nsubtree].n = n;
		memcpy(p->subtree[p->nsubtree].ids, sc->subtree, (size_t)n * sizeof *sc->subtree);
		p->nsubtree++;
	}
}

void app_access_actor_head(struct app *app)
{
	struct gx_error ignored;
	app->actor.head_of = 0;
	if (app->store && app->actor.user_id &&
	    store_department_headed(app->store, app->actor.user_id, app->actor.department_id, &app->actor.head_of,
	                            &ignored) != GX_OK)
		app->actor.head_of = 0;
}

/* DECISIONS.md "Managers": the head of a department is its manager, and PRODUCT.md module 11
 * gives a manager the department and all below it. So a head whose role's scope is narrower
 * (a sales head: own + team) sees the subtree of the department they head; roles scoped to
 * all rows keep all. */
void app_access_apply(struct app *app)
{
	struct store_scope sc = {.kind = STORE_SCOPE_ALL};
	if (!app->store)
		return;
	if (!is_system(app)) {
		if (app->actor.user_id == 0) {
			sc.kind = STORE_SCOPE_NONE;
		} else {
			sc.kind = app_access_role_scope(app, app->actor.role);
			sc.user_id = app->actor.user_id;
			sc.team_id = app->actor.team_id;
			sc.department_id = app->actor.department_id;
			if ((sc.kind == STORE_SCOPE_OWN || sc.kind == STORE_SCOPE_TEAM) && app->actor.head_of) {
				sc.kind = STORE_SCOPE_DEPARTMENT;
				sc.department_id = app->actor.head_of;
			}
			if (sc.kind == STORE_SCOPE_DEPARTMENT && sc.department_id)
				resolve_subtree(app, &sc);
		}
		sc.mask = !app_access_role_allowed(app, app->actor.role, "customer", ACCESS_FULL_VIEW);
	}
	store_scope_set(app->store, &sc);
}

const char *app_access_entity(size_t i)
{
	const struct entity_def *d = entity_nth(i);
	if (d)
		return d->name;
	size_t k = 0;
	while (entity_nth(k))
		k++;
	for (size_t j = 0; access_pseudo_entities[j]; j++)
		if (k + j == i)
			return access_pseudo_entities[j];
	return NULL;
}

static int known_entity(const char *entity)
{
	for (size_t i = 0; app_access_entity(i); i++)
		if (strcmp(app_access_entity(i), entity) == 0)
			return 1;
	return 0;
}

static enum gx_err check_role(const char *role, struct gx_error *err)
{
	if (access_role_index(role) < 0)
		return gx_error_set(err, GX_EINVAL, "role",
		                    _("unknown role %s (manager, sales, service, marketing, analyst, readonly)"),
		                    role ? role : "");
	if (strcmp(role, "admin") == 0)
		return gx_error_set(err, GX_EINVAL, "role", "%s",
		                    _("the admin role always has every permission and cannot be changed"));
	return GX_OK;
}

/* One audited change of the policy, then the reload that makes it effective here at once
 * (other server threads see it at their next settings refresh, within seconds). */
static enum gx_err write_change(struct app *app, const char *changes,
                                enum gx_err (*put)(struct app *, void *, struct gx_error *), void *ctx,
                                struct gx_error *err)
{
	enum gx_err e = store_begin(app->store, err);
	if (e != GX_OK)
		return e;
	if ((e = put(app, ctx, err)) ||
	    (e = app_audit_simple(app, "update", "permission", 0, changes, 0, err)) ||
	    (e = store_commit(app->store, err))) {
		store_rollback(app->store);
		return e;
	}
	return app_access_load(app, err);
}

struct rule_change {
	const char *role, *entity, *action;
	int allowed;
};

static enum gx_err put_rule(struct app *app, void *ctx, struct gx_error *err)
{
	struct rule_change *c = ctx;
	return store_access_rule_put(app->store, c->role, c->entity, c->action, c->allowed,
	                             app->actor.user_id, err);
}

enum gx_err app_access_set(struct app *app, const char *role, const char *entity, const char *action,
                           int allowed, struct gx_error *err)
{
	enum gx_err e = app_access_check(app, "permission", ACCESS_UPDATE, err);
	if (e == GX_OK)
		e = check_role(role, err);
	if (e != GX_OK)
		return e;
	if (!entity || !known_entity(entity))
		return gx_error_set(err, GX_EINVAL, "entity", _("unknown entity %s"), entity ? entity : "");
	if (access_action_parse(action) < 0)
		return gx_error_set(err, GX_EINVAL, "action",
		                    _("unknown action %s (read, create, update, delete, export, full_view, admin)"),
		                    action ? action : "");
	char changes[256];
	snprintf(changes, sizeof changes, "{\"role\":\"%s\",\"entity\":\"%s\",\"action\":\"%s\",\"allowed\":%s}",
	         role, entity, action, allowed < 0 ? "null" : allowed ? "true" : "false");
	struct rule_change c = {role, entity, action, allowed < 0 ? -1 : allowed != 0};
	return write_change(app, changes, put_rule, &c, err);
}

struct scope_change {
	const char *role, *scope;
};

static enum gx_err put_scope(struct app *app, void *ctx, struct gx_error *err)
{
	struct scope_change *c = ctx;
	return store_access_scope_put(app->store, c->role, c->scope, app->actor.user_id, err);
}

enum gx_err app_access_set_scope(struct app *app, const char *role, const char *scope,
                                 struct gx_error *err)
{
	enum gx_err e = app_access_check(app, "permission", ACCESS_UPDATE, err);
	if (e == GX_OK)
		e = check_role(role, err);
	if (e != GX_OK)
		return e;
	if (scope && store_scope_parse(scope) < 0)
		return gx_error_set(err, GX_EINVAL, "scope", _("unknown scope %s (own, team, department, all)"),
		                    scope);
	char changes[160];
	snprintf(changes, sizeof changes, "{\"role\":\"%s\",\"scope\":%s%s%s}", role, scope ? "\"" : "",
	         scope ? scope : "null", scope ? "\"" : "");
	struct scope_change c = {role, scope};
	return write_change(app, changes, put_scope, &c, err);
}
