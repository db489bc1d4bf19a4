/* Row scopes as the store enforces them (DECISIONS.md "Row scopes", "Leak control"). A store
 * handle carries the scope of whoever acts through it; every get, list, count, export, search
 * and write of an entity that declares whose its rows are (entity_def.owner_field,
 * parent_field, …) is narrowed by it inside the SQL itself, so a list never shows a foreign row,
 * a count never counts one, and a get, update or delete of one finds nothing (404). The
 * app layer sets the scope from the acting user and the role's setting (guanxi/access.h). */
#ifndef GUANXI_STORE_SCOPE_H
#define GUANXI_STORE_SCOPE_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/entity.h"
#include "guanxi/store.h"

enum store_scope_kind {
	STORE_SCOPE_ALL = 0,        /* every row (the system, admins, analysts); the default */
	STORE_SCOPE_NONE,           /* no scoped row at all (nobody is authenticated yet) */
	STORE_SCOPE_OWN,            /* rows the user owns */
	STORE_SCOPE_TEAM,           /* … and rows of the user's team */
	STORE_SCOPE_DEPARTMENT      /* … and rows of the user's department and all below it */
};

#define STORE_SCOPE_MAX_SUBTREE 32

struct store_scope {
	enum store_scope_kind kind;
	int64_t user_id;
	int64_t team_id;            /* 0: the user has no team */
	int64_t department_id;      /* 0: the user has no department */
	/* The department and every department below it, when resolved beforehand
	 * (store_department_subtree): the predicate then binds these ids instead of walking the
	 * tree in every query. nsubtree 0: walk it (a recursive CTE). */
	int64_t subtree[STORE_SCOPE_MAX_SUBTREE];
	int nsubtree;
	/* Mark rows the user does not own (record.masked) so that their FF_MASKED fields (phone,
	 * WeChat) are shown masked (138****0001). */
	int mask;
};

/* Sets the scope of everything done through s from now on (copied). */
void store_scope_set(struct store *s, const struct store_scope *scope);
void store_scope_get(const struct store *s, struct store_scope *out);

/* The ids of department_id and of every department below it, at most max of them (*n = -1
 * when there are more). */
enum gx_err store_department_subtree(struct store *s, int64_t department_id, int64_t *ids, int max,
                                     int *n, struct gx_error *err);

/* "own", "team", "department", "all" ↔ the kind; -1 for an unknown name. */
int store_scope_parse(const char *name);
const char *store_scope_name(enum store_scope_kind kind);

/* The masked form of a phone number or WeChat ID, written into out (at least 64 bytes):
 * the first 3 and last 4 characters kept around "****" (13800000001 → 138****0001); shorter
 * values keep only their first character. */
void store_scope_mask(const char *value, char *out, size_t size);

/* The text of field i of r as a reader may see it: the masked form for an FF_MASKED field of a
 * record marked masked (written into buf, at least 64 bytes), else the value itself (NULL when
 * null). Every output of records goes through this. */
const char *store_scope_view(const struct record *r, size_t i, char *buf, size_t size);

#endif
