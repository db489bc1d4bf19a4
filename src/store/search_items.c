/* The search box's answer: the index's hits with each record's code and name, as GET
 * /api/v1/search shows them. Reading the hits' whole records (every column, a record struct
 * each) and filtering them by row scope in a query of its own cost as much CPU as the FTS5
 * query itself at a million customers; here one query per entity among the hits reads only
 * id, code and name (ticket: subject), with the row scope and the live-only condition in the
 * same WHERE. The IN list is padded to a few fixed lengths (repeating an id changes no
 * answer) so that the statement cache holds a handful of texts per entity, not one per
 * number of hits. */
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/customer_store.h"
#include "guanxi/entity.h"
#include "store/driver.h"
#include "store/scope_sql.h"
#include "store/sql_params.h"

/* The column of def named name, or NULL when def has none (or keeps it outside its table). */
static const char *column(const struct entity_def *def, const char *name)
{
	const struct field_def *f = name ? entity_field(def, name) : NULL;
	return f && !(f->flags & FF_VIRTUAL) ? f->name : NULL;
}

static size_t padded(size_t n)
{
	static const size_t sizes[] = {1, 2, 4, 8, 16, 32};
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
		if (n <= sizes[i])
			return sizes[i];
	return SEARCH_MAX_HITS;
}

/* Reads code and name of the hits of def (those with found[i] still 0 and that entity),
 * marking found[i] for each row the query returns. */
static enum gx_err read_labels(struct store *s, const struct entity_def *def, struct search_item *items,
                               size_t n, unsigned char *found, struct gx_arena *a, struct gx_error *err)
{
	const char *code = column(def, def->code_field);
	const char *name = column(def, "name");
	if (!name)
		name = column(def, "subject");
	int64_t ids[SEARCH_MAX_HITS];
	size_t nids = 0;
	for (size_t i = 0; i < n && nids < SEARCH_MAX_HITS; i++)
		if (strcmp(items[i].hit.entity, def->name) == 0)
			ids[nids++] = items[i].hit.id;
	struct sql_build b;
	sqlb_init(&b);
	sb_printf(&b.sql, "SELECT id, %s, %s FROM %s WHERE id IN (", code ? code : "NULL", name ? name : "NULL",
	          def->table);
	size_t width = padded(nids);
	for (size_t k = 0; k < width; k++) {
		if (k)
			sb_add(&b.sql, ", ");
		sqlb_param_i64(&b, ids[k < nids ? k : 0]);
	}
	sb_addc(&b.sql, ')');
	if (def->soft_delete)
		sb_add(&b.sql, " AND deleted_at IS NULL");
	scope_sql_where(s, def, &b);
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sb_str(&b.sql), &st, err);
	if (e == GX_OK) {
		sqlb_bind(s, &b, st);
		int row = 0;
		while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
			int64_t id = db_col_i64(s, st, 0);
			for (size_t i = 0; i < n; i++) {
				struct search_item *it = &items[i];
				if (found[i] || it->hit.id != id || strcmp(it->hit.entity, def->name) != 0)
					continue;
				it->code = db_col_is_null(s, st, 1) ? NULL : gx_arena_strdup(a, db_col_text(s, st, 1));
				it->name = db_col_is_null(s, st, 2) ? NULL : gx_arena_strdup(a, db_col_text(s, st, 2));
				found[i] = 1;
			}
		}
		db_reset(s, st);
	}
	sqlb_free(&b);
	return e;
}

enum gx_err store_search_items(struct store *s, const char *query, const char *entity, int limit,
                               struct gx_arena *a, struct search_item *items, size_t *n, int *more,
                               struct gx_error *err)
{
	struct search_hit hits[SEARCH_MAX_HITS];
	if (limit <= 0 || limit > SEARCH_MAX_HITS)
		limit = SEARCH_MAX_HITS;
	*n = 0;
	enum gx_err e = s->drv->search_query(s, query, entity, limit, hits, n, more, err);
	if (e != GX_OK)
		return e;
	for (size_t i = 0; i < *n; i++)
		items[i] = (struct search_item){.hit = hits[i]};
	unsigned char found[SEARCH_MAX_HITS] = {0}, done[SEARCH_MAX_HITS] = {0};
	for (size_t i = 0; i < *n && e == GX_OK; i++) {
		if (done[i])
			continue;
		for (size_t k = i; k < *n; k++)
			if (strcmp(items[k].hit.entity, items[i].hit.entity) == 0)
				done[k] = 1;
		const struct entity_def *def = entity_by_name(items[i].hit.entity);
		if (def)
			e = read_labels(s, def, items, *n, found, a, err);
	}
	if (e != GX_OK)
		return e;
	/* Hits the caller may not see (or deleted since indexed) go; the order stays. */
	size_t w = 0;
	for (size_t i = 0; i < *n; i++)
		if (found[i])
			items[w++] = items[i];
	*n = w;
	return GX_OK;
}
