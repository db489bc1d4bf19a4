/* Row scopes (DECISIONS.md "Row scopes") as SQL. A row of an entity with an owner column is
 * visible when its owner is the user; with the team scope also when it belongs to the user's
 * team (the entity's team column, or its owner's team); with the department scope when it
 * belongs to the user's department or any department below it (a recursive CTE over
 * departments.parent_id, UNION so that a cycle cannot loop). Rows of the public pool (no
 * owner) are visible to every scope where the entity says so. A child entity (contacts,
 * interactions, orders, order lines) is visible when its parent row is: a semi-join on the
 * parent's primary key, so every check stays an indexed predicate inside the one query. */
#include <stdio.h>
#include <string.h>

#include "guanxi/record_store.h"
#include "guanxi/store_scope.h"
#include "store/scope_sql.h"

#define MAX_DEPTH 4   /* parent chains are short (order line → order → customer) */

static void subtree(struct sql_build *b, const struct store_scope *sc);

static int scoped_def(const struct entity_def *def)
{
	return def->owner_field || def->parent_field;
}

void store_scope_set(struct store *s, const struct store_scope *scope)
{
	s->scope = *scope;
}

void store_scope_get(const struct store *s, struct store_scope *out)
{
	*out = s->scope;
}

static const char *const scope_names[] = {"all", "none", "own", "team", "department"};

int store_scope_parse(const char *name)
{
	for (int i = 0; i < (int)(sizeof scope_names / sizeof *scope_names); i++)
		if (name && strcmp(name, scope_names[i]) == 0 && i != STORE_SCOPE_NONE)
			return i;
	return -1;
}

const char *store_scope_name(enum store_scope_kind kind)
{
	return (unsigned)kind < sizeof scope_names / sizeof *scope_names ? scope_names[kind] : "?";
}

/* Counts UTF-8 characters so that a Chinese WeChat name is cut on character boundaries. */
static size_t char_start(const char *s, size_t nth)
{
	size_t i = 0, n = 0;
	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (n == nth)
				return i;
			n++;
		}
	return i;
}

void store_scope_mask(const char *value, char *out, size_t size)
{
	size_t nchars = 0;
	for (const char *p = value; *p; p++)
		nchars += ((unsigned char)*p & 0xC0) != 0x80;
	size_t head = nchars >= 8 ? 3 : 1, tail = nchars >= 8 ? 4 : 0;
	if (nchars == 0) {
		snprintf(out, size, "%s", "");
		return;
	}
	size_t h = char_start(value, head), t = char_start(value, nchars - tail);
	snprintf(out, size, "%.*s****%s", (int)h, value, value + t);
}

enum gx_err store_department_subtree(struct store *s, int64_t department_id, int64_t *ids, int max,
                                     int *n, struct gx_error *err)
{
	struct sql_build b;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT id FROM ");
	struct store_scope sc = {.department_id = department_id};
	subtree(&b, &sc);
	sb_add(&b.sql, " gx_t ORDER BY id");
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sb_str(&b.sql), &st, err);
	*n = 0;
	if (e == GX_OK) {
		sqlb_bind(s, &b, st);
		int row = 0;
		while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
			if (*n == max) {
				*n = -1;
				break;
			}
			ids[(*n)++] = db_col_i64(s, st, 0);
		}
		db_reset(s, st);
	}
	sqlb_free(&b);
	return e;
}

const char *store_scope_view(const struct record *r, size_t i, char *buf, size_t size)
{
	const struct gx_value *v = &r->v[i];
	if (v->is_null || !v->s)
		return NULL;
	if (!r->masked || !(r->def->fields[i].flags & FF_MASKED))
		return v->s;
	store_scope_mask(v->s, buf, size);
	return buf;
}

int scope_sql_active(const struct store *s, const struct entity_def *def)
{
	return s->scope.kind != STORE_SCOPE_ALL && scoped_def(def);
}

static void subtree(struct sql_build *b, const struct store_scope *sc)
{
	if (sc->nsubtree > 0 && sc->nsubtree <= STORE_SCOPE_MAX_SUBTREE) {
		sb_addc(&b->sql, '(');
		for (int i = 0; i < sc->nsubtree; i++) {
			if (i)
				sb_add(&b->sql, ", ");
			sqlb_param_i64(b, sc->subtree[i]);
		}
		sb_addc(&b->sql, ')');
		return;
	}
	int64_t department_id = sc->department_id;
	sb_add(&b->sql, "(WITH RECURSIVE gx_sub(id) AS (SELECT id FROM departments WHERE id = ");
	sqlb_param_i64(b, department_id);
	sb_add(&b->sql, " UNION SELECT d.id FROM departments d JOIN gx_sub ON d.parent_id = gx_sub.id)"
	                " SELECT id FROM gx_sub)");
}

static void or_sep(struct sql_build *b, int *n)
{
	if ((*n)++)
		sb_add(&b->sql, " OR ");
}

/* One owner column: the user, the user's team, the department subtree, per scope kind. The
 * row's own team/department columns apply only to the primary owner. */
static void owner_terms(const struct store_scope *sc, const struct entity_def *def, const char *o,
                        int primary, struct sql_build *b, int *n)
{
	const char *team = primary ? def->team_field : NULL;
	const char *dept = primary ? def->department_field : NULL;
	or_sep(b, n);
	sb_printf(&b->sql, "%s = ", o);
	sqlb_param_i64(b, sc->user_id);
	if (sc->kind == STORE_SCOPE_TEAM && sc->team_id) {
		or_sep(b, n);
		if (team)
			sb_printf(&b->sql, "%s = ", team);
		else
			sb_printf(&b->sql, "%s IN (SELECT id FROM users WHERE team_id = ", o);
		sqlb_param_i64(b, sc->team_id);
		if (!team)
			sb_addc(&b->sql, ')');
	}
	if (sc->kind == STORE_SCOPE_DEPARTMENT && sc->department_id) {
		or_sep(b, n);
		if (dept)
			sb_printf(&b->sql, "%s IN ", dept);
		else
			sb_printf(&b->sql, "%s IN (SELECT id FROM users WHERE department_id IN ", o);
		subtree(b, sc);
		if (!dept)
			sb_addc(&b->sql, ')');
	}
}

static void predicate(const struct store_scope *sc, const struct entity_def *def, struct sql_build *b,
                      int depth);

/* A polymorphic link (tasks, approvals): visible when the linked record is, for every entity
 * that has an owner of its own. */
static void link_terms(const struct store_scope *sc, const struct entity_def *def, struct sql_build *b,
                       int depth, int *n)
{
	for (size_t i = 0; entity_nth(i); i++) {
		const struct entity_def *p = entity_nth(i);
		if (!p->owner_field || p->link_kind_field || p == def)
			continue;
		or_sep(b, n);
		sb_printf(&b->sql, "(%s = ", def->link_kind_field);
		sqlb_param_text(b, p->name);
		sb_printf(&b->sql, " AND %s IN (SELECT id FROM %s WHERE ", def->parent_field, p->table);
		predicate(sc, p, b, depth + 1);
		sb_add(&b->sql, "))");
	}
}

static void predicate(const struct store_scope *sc, const struct entity_def *def, struct sql_build *b,
                      int depth)
{
	int n = 0;
	sb_addc(&b->sql, '(');
	if (sc->kind != STORE_SCOPE_NONE && def->owner_field) {
		owner_terms(sc, def, def->owner_field, 1, b, &n);
		if (def->owner2_field)
			owner_terms(sc, def, def->owner2_field, 0, b, &n);
		if (def->pool_visible) {
			or_sep(b, &n);
			sb_printf(&b->sql, "%s IS NULL", def->owner_field);
		}
	}
	const struct entity_def *p = def->parent_field && def->parent_entity ? entity_by_name(def->parent_entity) : NULL;
	if (sc->kind != STORE_SCOPE_NONE && p && depth < MAX_DEPTH && scoped_def(p)) {
		or_sep(b, &n);
		sb_printf(&b->sql, "%s IN (SELECT id FROM %s WHERE ", def->parent_field, p->table);
		predicate(sc, p, b, depth + 1);
		sb_addc(&b->sql, ')');
	}
	if (sc->kind != STORE_SCOPE_NONE && def->link_kind_field && def->parent_field && depth < MAX_DEPTH)
		link_terms(sc, def, b, depth, &n);
	if (!n)
		sb_add(&b->sql, "1 = 0");
	sb_addc(&b->sql, ')');
}

void scope_sql_where(const struct store *s, const struct entity_def *def, struct sql_build *b)
{
	if (!scope_sql_active(s, def))
		return;
	sb_add(&b->sql, " AND ");
	predicate(&s->scope, def, b, 0);
}

static int has_masked(const struct entity_def *def)
{
	for (size_t i = 0; i < def->nfields; i++)
		if ((def->fields[i].flags & FF_MASKED) && !(def->fields[i].flags & FF_VIRTUAL))
			return 1;
	return 0;
}

int scope_sql_masks(const struct store *s, const struct entity_def *def)
{
	return s->scope.mask && scoped_def(def) && has_masked(def);
}

static void owned(const struct store_scope *sc, const struct entity_def *def, struct sql_build *b,
                  int depth)
{
	const struct entity_def *p = def->parent_field && def->parent_entity ? entity_by_name(def->parent_entity) : NULL;
	if (def->owner_field) {
		sb_printf(&b->sql, "%s = ", def->owner_field);
		sqlb_param_i64(b, sc->user_id);
	} else if (p && depth < MAX_DEPTH && scoped_def(p)) {
		sb_printf(&b->sql, "%s IN (SELECT id FROM %s WHERE ", def->parent_field, p->table);
		owned(sc, p, b, depth + 1);
		sb_addc(&b->sql, ')');
	} else {
		sb_add(&b->sql, "1 = 0");
	}
}

void scope_sql_owned(const struct store *s, const struct entity_def *def, struct sql_build *b)
{
	sb_add(&b->sql, ", CASE WHEN ");
	owned(&s->scope, def, b, 0);
	sb_add(&b->sql, " THEN 1 ELSE 0 END");
}

/* One query per scoped entity among the hits (store_record_visible, at most SEARCH_MAX_HITS + 1
 * ids each). */
enum gx_err scope_sql_filter_hits(struct store *s, struct search_hit *hits, size_t *n,
                                  struct gx_error *err)
{
	unsigned char keep[SEARCH_MAX_HITS + 1];
	size_t total = *n > SEARCH_MAX_HITS + 1 ? SEARCH_MAX_HITS + 1 : *n;
	memset(keep, 1, sizeof keep);
	for (size_t i = 0; i < total; i++) {
		const struct entity_def *def = entity_by_name(hits[i].entity);
		if (!def || !scope_sql_active(s, def))
			continue;
		int seen = 0;
		for (size_t j = 0; j < i; j++)
			seen |= strcmp(hits[j].entity, hits[i].entity) == 0;
		if (seen)
			continue;
		int64_t ids[SEARCH_MAX_HITS + 1];
		size_t at[SEARCH_MAX_HITS + 1], k = 0;
		for (size_t j = i; j < total; j++)
			if (strcmp(hits[j].entity, hits[i].entity) == 0) {
				at[k] = j;
				ids[k++] = hits[j].id;
			}
		unsigned char visible[SEARCH_MAX_HITS + 1];
		enum gx_err e = store_record_visible(s, def, ids, k, visible, err);
		if (e != GX_OK)
			return e;
		for (size_t m = 0; m < k; m++)
			keep[at[m]] = visible[m];
	}
	size_t w = 0;
	for (size_t i = 0; i < total; i++)
		if (keep[i])
			hits[w++] = hits[i];
	*n = w;
	return GX_OK;
}
