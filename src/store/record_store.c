/* Generic record persistence over the entity field tables: the SQL here is built from column
 * names of include/guanxi/entity.h tables and `?` parameters only, in the portable subset that
 * SQLite and PostgreSQL share (INSERT … RETURNING, keyset paging). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guanxi/clock.h"
#include "guanxi/i18n.h"
#include "guanxi/record_store.h"
#include "store/scope_sql.h"
#include "store/sql_cache.h"
#include "store/sql_params.h"

/* Kinds of generated statement in the SQL cache. */
enum { SQLK_INSERT = 1, SQLK_GET = 2, SQLK_LOOKUP = 3, SQLK_INSERT_ID = 4 };

static int is_int_type(enum field_type t)
{
	return t == FT_INT || t == FT_BOOL || t == FT_FEN || t == FT_REF;
}

static int is_column(const struct field_def *f)
{
	return !(f->flags & FF_VIRTUAL);
}

/* "id, version, created_at, updated_at, deleted_at, f1, f2 …" (absent meta columns as NULL),
 * then the "owned" flag when the scope masks this entity's contact details. visible_only: hidden
 * fields as NULL (same columns, nothing read or copied for them). */
static void select_list(struct store *s, const struct entity_def *def, int visible_only,
                        struct sql_build *b)
{
	sb_add(&b->sql, "id, ");
	sb_add(&b->sql, def->has_version ? "version, created_at, updated_at, " : "0, NULL, NULL, ");
	sb_add(&b->sql, def->soft_delete ? "deleted_at" : "NULL");
	for (size_t i = 0; i < def->nfields; i++)
		if (is_column(&def->fields[i])) {
			sb_add(&b->sql, ", ");
			sb_add(&b->sql, visible_only && (def->fields[i].flags & FF_HIDDEN) ? "NULL" : def->fields[i].name);
		}
	if (scope_sql_masks(s, def))
		scope_sql_owned(s, def, b);
}

/* Columns of select_list, the owned flag included. */
static int select_ncols(struct store *s, const struct entity_def *def)
{
	int n = 5;
	for (size_t i = 0; i < def->nfields; i++)
		n += is_column(&def->fields[i]);
	return n + scope_sql_masks(s, def);
}

/* A text column copied into the arena; its length from the driver when it knows it (a list
 * page copies some 40 columns × 50 rows, and strlen over them showed in its profile). */
static const char *dup_col(struct store *s, struct db_stmt *st, int col, struct gx_arena *a)
{
	const char *t = db_col_text(s, st, col);
	if (!t)
		return NULL;
	return gx_arena_strndup(a, t, s->drv->col_bytes ? s->drv->col_bytes(st, col) : strlen(t));
}

static void read_row(struct store *s, struct db_stmt *st, const struct entity_def *def,
                     struct gx_arena *a, struct record *r)
{
	record_init(r, def, a);
	r->id = db_col_i64(s, st, 0);
	r->version = db_col_i64(s, st, 1);
	r->created_at = dup_col(s, st, 2, a);
	r->updated_at = dup_col(s, st, 3, a);
	r->deleted_at = dup_col(s, st, 4, a);
	int col = 5;
	for (size_t i = 0; i < def->nfields; i++) {
		const struct field_def *f = &def->fields[i];
		if (!is_column(f))
			continue;
		struct gx_value *v = &r->v[i];
		if (is_int_type(f->type)) {
			v->is_null = db_col_is_null(s, st, col);
			if (!v->is_null)
				v->i = db_col_i64(s, st, col);
		} else {
			/* col_text is NULL for SQL NULL: no separate type check per text column */
			v->s = dup_col(s, st, col, a);
			v->is_null = v->s == NULL;
		}
		col++;
	}
	/* Leak control: who does not own the row sees 138****0001 in every output. */
	r->masked = scope_sql_masks(s, def) && db_col_i64(s, st, col) == 0;
}

static void bind_value(struct store *s, struct db_stmt *st, int idx, const struct field_def *f,
                       const struct gx_value *v)
{
	if (v->is_null)
		s->drv->bind_null(st, idx);
	else if (is_int_type(f->type))
		s->drv->bind_i64(st, idx, v->i);
	else
		s->drv->bind_text(st, idx, v->s);
}

/* Binds b's parameters from position idx on: the scope predicate appended to a statement
 * whose own parameters come first. */
static void bind_from(struct store *s, struct db_stmt *st, int idx, const struct sql_build *b)
{
	for (int i = 0; i < b->nparams; i++, idx++) {
		const struct sql_param *p = &b->params[i];
		if (p->type == 'i')
			s->drv->bind_i64(st, idx, p->i);
		else if (p->type == 'd')
			s->drv->bind_double(st, idx, p->d);
		else if (p->type == 't')
			s->drv->bind_text(st, idx, p->s);
		else
			s->drv->bind_null(st, idx);
	}
}

/* Runs "<head> WHERE id = ?<scope>" returning the first column as int64 (or the change count
 * for a statement without results). */
static enum gx_err exec_scoped(struct store *s, const struct entity_def *def, const char *head,
                               const char *t1, const char *t2, int64_t id, int query,
                               int64_t *out, int *found, struct gx_error *err)
{
	struct sql_build b;
	sqlb_init(&b);
	scope_sql_where(s, def, &b);
	struct strbuf sql;
	sb_init(&sql);
	sb_printf(&sql, "%s WHERE id = ?%s", head, sb_str(&b.sql));
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sb_str(&sql), &st, err);
	sb_free(&sql);
	if (e == GX_OK) {
		int idx = 1;
		if (t2 || t1)
			s->drv->bind_text(st, idx++, t1);
		if (t2)
			s->drv->bind_text(st, idx++, t2);
		s->drv->bind_i64(st, idx++, id);
		bind_from(s, st, idx, &b);
		int row = 0;
		e = db_step(s, st, &row, err);
		if (query) {
			*found = e == GX_OK && row;
			*out = *found ? db_col_i64(s, st, 0) : 0;
		} else {
			*out = e == GX_OK ? s->drv->changes(st) : 0;
		}
		db_reset(s, st);
	}
	sqlb_free(&b);
	return e;
}

static enum gx_err insert_row(struct store *s, struct record *r, int with_id, struct gx_error *err)
{
	const struct entity_def *def = r->def;
	/* The text depends only on which columns are non-null: cached per such pattern. */
	unsigned char stack_key[128], *key = def->nfields <= sizeof stack_key ? stack_key : gx_xmalloc(def->nfields);
	for (size_t i = 0; i < def->nfields; i++)
		key[i] = is_column(&def->fields[i]) && !r->v[i].is_null;
	int kind = with_id ? SQLK_INSERT_ID : SQLK_INSERT;
	const char *text = sql_cache_get(s, def, kind, key, def->nfields);
	if (!text) {
		struct strbuf sql;
		sb_init(&sql);
		sb_printf(&sql, "INSERT INTO %s (", def->table);
		int n = 0;
		if (with_id) {
			sb_add(&sql, "id");
			n++;
		}
		for (size_t i = 0; i < def->nfields; i++)
			if (key[i]) {
				sb_printf(&sql, "%s%s", n ? ", " : "", def->fields[i].name);
				n++;
			}
		if (def->has_version)
			sb_printf(&sql, "%screated_at, updated_at", n ? ", " : "");
		sb_add(&sql, ") VALUES (");
		for (int i = 0; i < n + (def->has_version ? 2 : 0); i++)
			sb_add(&sql, i ? ", ?" : "?");
		/* SQLite materialises RETURNING rows in a temporary b-tree per execution; its
		 * last_insert_rowid() gives the same id for a fraction of the cost. */
		sb_add(&sql, s->backend == STORE_SQLITE ? ")" : ") RETURNING id");
		text = sql_cache_put(s, def, kind, key, def->nfields, sb_str(&sql));
		sb_free(&sql);
	}
	if (key != stack_key)
		free(key);
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, text, &st, err);
	if (e != GX_OK)
		return e;
	int idx = 1;
	if (with_id)
		s->drv->bind_i64(st, idx++, r->id);
	for (size_t i = 0; i < def->nfields; i++)
		if (is_column(&def->fields[i]) && !r->v[i].is_null)
			bind_value(s, st, idx++, &def->fields[i], &r->v[i]);
	char now[32];
	gx_now_iso(now);
	if (def->has_version) {
		s->drv->bind_text(st, idx++, now);
		s->drv->bind_text(st, idx++, now);
	}
	int row = 0;
	e = db_step(s, st, &row, err);
	if (e == GX_OK && row) {
		r->id = db_col_i64(s, st, 0);
		r->version = 1;
		while (e == GX_OK && row)
			e = db_step(s, st, &row, err);
	}
	db_reset(s, st);
	if (e == GX_OK && s->backend == STORE_SQLITE) {
		int found = 0;
		e = db_query_i64(s, "SELECT last_insert_rowid()", &r->id, &found, err, "");
		r->version = 1;
	}
	return e;
}

/* where_field: the column compared with ?, or NULL for id. */
static enum gx_err get_where(struct store *s, const struct entity_def *def, const struct field_def *where_field,
                             int64_t id, const char *text, struct gx_arena *a, struct record *r,
                             int *found, struct gx_error *err)
{
	/* The text is the same for every caller whose row scope adds nothing to it (no scope
	 * condition, no masking): cached per entity and column then, since building it (some 60
	 * column names) was a tenth of a GET by id. Otherwise it is built per call: the scope's
	 * conditions and parameters depend on who asks (scope_sql.h). */
	int plain = !scope_sql_masks(s, def) && (text || !scope_sql_active(s, def));
	unsigned char key[sizeof(size_t)];
	size_t fi = where_field ? (size_t)(where_field - def->fields) + 1 : 0;
	memcpy(key, &fi, sizeof key);
	const char *sql = plain ? sql_cache_get(s, def, SQLK_GET, key, sizeof key) : NULL;
	struct sql_build b;
	sqlb_init(&b);
	if (!sql) {
		sb_add(&b.sql, "SELECT ");
		select_list(s, def, 0, &b);
		sb_printf(&b.sql, " FROM %s WHERE %s = ", def->table, where_field ? where_field->name : "id");
		if (text)
			sqlb_param_text(&b, text);
		else
			sqlb_param_i64(&b, id);
		if (!text)
			scope_sql_where(s, def, &b);
		sql = plain ? sql_cache_put(s, def, SQLK_GET, key, sizeof key, sb_str(&b.sql)) : sb_str(&b.sql);
	}
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sql, &st, err);
	if (e != GX_OK) {
		sqlb_free(&b);
		return e;
	}
	if (plain && text)
		s->drv->bind_text(st, 1, text);
	else if (plain)
		s->drv->bind_i64(st, 1, id);
	else
		sqlb_bind(s, &b, st);
	int row = 0;
	e = db_step(s, st, &row, err);
	if (e == GX_OK && row)
		read_row(s, st, def, a, r);
	*found = row;
	db_reset(s, st);
	sqlb_free(&b);
	return e;
}

enum gx_err store_record_get(struct store *s, const struct entity_def *def, int64_t id,
                             struct gx_arena *a, struct record *r, struct gx_error *err)
{
	int found = 0;
	enum gx_err e = get_where(s, def, NULL, id, NULL, a, r, &found, err);
	if (e == GX_OK && !found)
		return gx_error_set(err, GX_ENOTFOUND, NULL, _("%s %lld not found"),
		                    gx_tr(def->label_en), (long long)id);
	return e;
}

/* One query per 64 ids, reading only the ids: a same-name hint lists up to 20 namesakes, and
 * loading each whole row through get_where just to learn that the scope shows it was a seventh
 * of the writer's CPU per customer create. */
enum gx_err store_record_visible(struct store *s, const struct entity_def *def, const int64_t *ids, size_t n,
                                 unsigned char *visible, struct gx_error *err)
{
	enum gx_err e = GX_OK;
	memset(visible, 0, n);
	for (size_t from = 0; from < n && e == GX_OK; from += 64) {
		size_t k = n - from < 64 ? n - from : 64;
		struct sql_build b;
		sqlb_init(&b);
		sb_printf(&b.sql, "SELECT id FROM %s WHERE id IN (", def->table);
		for (size_t i = 0; i < k; i++) {
			if (i)
				sb_add(&b.sql, ", ");
			sqlb_param_i64(&b, ids[from + i]);
		}
		sb_add(&b.sql, ")");
		scope_sql_where(s, def, &b);
		struct db_stmt *st;
		e = db_prepare(s, sb_str(&b.sql), &st, err);
		if (e == GX_OK) {
			sqlb_bind(s, &b, st);
			int row = 0;
			while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
				int64_t id = db_col_i64(s, st, 0);
				for (size_t i = 0; i < k; i++)
					if (ids[from + i] == id)
						visible[from + i] = 1;
			}
			db_reset(s, st);
		}
		sqlb_free(&b);
	}
	return e;
}

enum gx_err store_record_find(struct store *s, const struct entity_def *def, const char *field,
                              const char *value, struct gx_arena *a, struct record *r, int *found,
                              struct gx_error *err)
{
	const struct field_def *f = entity_field(def, field);
	if (!f || !is_column(f))
		return gx_error_set(err, GX_EINTERNAL, field, "no column %s in %s", field, def->table);
	return get_where(s, def, f, 0, value, a, r, found, err);
}

enum gx_err store_record_lookup(struct store *s, const struct entity_def *def, const char *field,
                                const char *value, int64_t id, int64_t *out_id, int *deleted,
                                int *found, struct gx_error *err)
{
	*found = 0;
	*deleted = 0;
	const struct field_def *f = field ? entity_field(def, field) : NULL;
	if (field && (!f || !is_column(f)))
		return gx_error_set(err, GX_EINTERNAL, field, "no column %s in %s", field, def->table);
	unsigned char key[sizeof(size_t)];
	size_t fi = f ? (size_t)(f - def->fields) + 1 : 0;
	memcpy(key, &fi, sizeof key);
	const char *sql = sql_cache_get(s, def, SQLK_LOOKUP, key, sizeof key);
	if (!sql) {
		char buf[160];
		snprintf(buf, sizeof buf, "SELECT id, %s FROM %s WHERE %s = ?",
		         def->soft_delete ? "deleted_at IS NOT NULL" : "0", def->table, f ? f->name : "id");
		sql = sql_cache_put(s, def, SQLK_LOOKUP, key, sizeof key, buf);
	}
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sql, &st, err);
	if (e != GX_OK)
		return e;
	if (f)
		s->drv->bind_text(st, 1, value);
	else
		s->drv->bind_i64(st, 1, id);
	int row = 0;
	e = db_step(s, st, &row, err);
	if (e == GX_OK && row) {
		*found = 1;
		*out_id = db_col_i64(s, st, 0);
		*deleted = (int)db_col_i64(s, st, 1);
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_record_update(struct store *s, struct record *r, int64_t expected_version,
                                struct gx_error *err)
{
	const struct entity_def *def = r->def;
	struct strbuf sql;
	sb_init(&sql);
	sb_printf(&sql, "UPDATE %s SET ", def->table);
	int n = 0;
	for (size_t i = 0; i < def->nfields; i++)
		if (is_column(&def->fields[i]) && r->set[i]) {
			sb_printf(&sql, "%s%s = ?", n ? ", " : "", def->fields[i].name);
			n++;
		}
	if (def->has_version)
		sb_printf(&sql, "%sversion = version + 1, updated_at = ?", n ? ", " : "");
	else if (n == 0) {
		sb_free(&sql);
		return GX_OK;
	}
	sb_add(&sql, " WHERE id = ?");
	if (def->has_version && expected_version > 0)
		sb_add(&sql, " AND version = ?");
	struct sql_build scope;
	sqlb_init(&scope);
	scope_sql_where(s, def, &scope);
	sb_add(&sql, sb_str(&scope.sql));
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, sb_str(&sql), &st, err);
	sb_free(&sql);
	if (e != GX_OK) {
		sqlb_free(&scope);
		return e;
	}
	int idx = 1;
	for (size_t i = 0; i < def->nfields; i++)
		if (is_column(&def->fields[i]) && r->set[i])
			bind_value(s, st, idx++, &def->fields[i], &r->v[i]);
	char now[32];
	gx_now_iso(now);
	if (def->has_version)
		s->drv->bind_text(st, idx++, now);
	s->drv->bind_i64(st, idx++, r->id);
	if (def->has_version && expected_version > 0)
		s->drv->bind_i64(st, idx++, expected_version);
	bind_from(s, st, idx, &scope);
	int row;
	e = db_step(s, st, &row, err);
	sqlb_free(&scope);
	int64_t changed = e == GX_OK ? s->drv->changes(st) : 0;
	db_reset(s, st);
	if (e != GX_OK)
		return e;
	if (changed == 0) {
		int64_t v = 0;
		int found = 0;
		char q[128];
		snprintf(q, sizeof q, "SELECT %s FROM %s", def->has_version ? "version" : "id", def->table);
		e = exec_scoped(s, def, q, NULL, NULL, r->id, 1, &v, &found, err);
		if (e != GX_OK)
			return e;
		if (!found)
			return gx_error_set(err, GX_ENOTFOUND, NULL, _("%s %lld not found"),
			                    gx_tr(def->label_en), (long long)r->id);
		return gx_error_set(err, GX_ECONFLICT, "version",
		                    _("%s %lld was changed by someone else (version %lld, you had %lld); reload and try again"),
		                    gx_tr(def->label_en), (long long)r->id, (long long)v,
		                    (long long)expected_version);
	}
	if (def->has_version) {
		r->version = expected_version > 0 ? expected_version + 1 : r->version + 1;
		r->updated_at = NULL;
	}
	return GX_OK;
}

enum gx_err store_record_insert(struct store *s, struct record *r, struct gx_error *err)
{
	return insert_row(s, r, 0, err);
}

enum gx_err store_record_insert_with_id(struct store *s, struct record *r, struct gx_error *err)
{
	return insert_row(s, r, 1, err);
}

enum gx_err store_record_next_id(struct store *s, const struct entity_def *def, int64_t *id,
                                 struct gx_error *err)
{
	if (s->drv->next_id)
		return s->drv->next_id(s, def->table, id, err);
	enum gx_err e = store_record_max_id(s, def, id, err);
	if (e == GX_OK)
		++*id;
	return e;
}

enum gx_err store_record_max_id(struct store *s, const struct entity_def *def, int64_t *max_id,
                                struct gx_error *err)
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT COALESCE(MAX(id), 0) FROM %s", def->table);
	return db_query_i64(s, sql, max_id, NULL, err, "");
}

enum gx_err store_record_set_deleted(struct store *s, const struct entity_def *def, int64_t id,
                                     int deleted, struct gx_error *err)
{
	if (!def->soft_delete)
		return gx_error_set(err, GX_EINTERNAL, NULL, "%s has no recycle bin", def->table);
	char sql[160], now[32];
	gx_now_iso(now);
	snprintf(sql, sizeof sql, "UPDATE %s SET deleted_at = ?, version = version + 1, updated_at = ?",
	         def->table);
	int64_t changed = 0;
	int found;
	enum gx_err e = exec_scoped(s, def, sql, deleted ? now : NULL, now, id, 0, &changed, &found, err);
	if (e == GX_OK && changed == 0)
		return gx_error_set(err, GX_ENOTFOUND, NULL, _("%s %lld not found"), gx_tr(def->label_en),
		                    (long long)id);
	return e;
}

enum gx_err store_record_purge(struct store *s, const struct entity_def *def, int64_t id,
                               struct gx_error *err)
{
	char sql[96];
	snprintf(sql, sizeof sql, "DELETE FROM %s", def->table);
	int64_t changed = 0;
	int found;
	enum gx_err e = exec_scoped(s, def, sql, NULL, NULL, id, 0, &changed, &found, err);
	if (e == GX_OK && changed == 0)
		return gx_error_set(err, GX_ENOTFOUND, NULL, _("%s %lld not found"), gx_tr(def->label_en),
		                    (long long)id);
	return e;
}

/* --- lists -------------------------------------------------------------------------------- */

static const struct field_def *sort_field(const struct entity_def *def, const char *name,
                                          struct gx_error *err, enum gx_err *e)
{
	*e = GX_OK;
	if (!name || strcmp(name, "id") == 0)
		return NULL;
	const struct field_def *f = entity_field(def, name);
	if (!f || !is_column(f) || (f->flags & FF_HIDDEN) || f->type == FT_JSON) {
		*e = gx_error_set(err, GX_EINVAL, "sort", _("cannot sort by %s"), name);
		return NULL;
	}
	return f;
}

/* The cursor is base64url of "<sort value>\x1f<id>", the sort value printed as text. */
static const char *cursor_encode(struct gx_arena *a, const char *sortval, int64_t id)
{
	char *raw = gx_arena_printf(a, "%s\x1f%lld", sortval ? sortval : "", (long long)id);
	size_t rawlen = strlen(raw);
	size_t outlen = sodium_base64_encoded_len(rawlen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = gx_arena_alloc(a, outlen);
	sodium_bin2base64(out, outlen, (const unsigned char *)raw, rawlen,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

static enum gx_err cursor_decode(struct gx_arena *a, const char *cursor, const char **sortval,
                                 int64_t *id, struct gx_error *err)
{
	size_t len = strlen(cursor);
	unsigned char *raw = gx_arena_alloc(a, len + 1);
	size_t rawlen = 0;
	if (len > 4096 || sodium_base642bin(raw, len, cursor, len, NULL, &rawlen, NULL,
	                                    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return gx_error_set(err, GX_EINVAL, "cursor", "%s", _("the cursor is not valid"));
	raw[rawlen] = '\0';
	char *sep = memchr(raw, '\x1f', rawlen);
	if (!sep)
		return gx_error_set(err, GX_EINVAL, "cursor", "%s", _("the cursor is not valid"));
	*sep = '\0';
	char *end;
	*id = strtoll(sep + 1, &end, 10);
	if (*end || *id <= 0)
		return gx_error_set(err, GX_EINVAL, "cursor", "%s", _("the cursor is not valid"));
	*sortval = (const char *)raw;
	return GX_OK;
}

static enum gx_err build_where(struct store *s, const struct entity_def *def,
                               const struct store_list_query *q, struct sql_build *b,
                               struct gx_error *err)
{
	sb_add(&b->sql, " WHERE 1 = 1");
	if (def->soft_delete && q->deleted == STORE_LIVE)
		sb_add(&b->sql, " AND deleted_at IS NULL");
	else if (def->soft_delete && q->deleted == STORE_DELETED)
		sb_add(&b->sql, " AND deleted_at IS NOT NULL");
	scope_sql_where(s, def, b);
	if (q->filter) {
		sb_add(&b->sql, " AND ");
		return sql_render_filter(s, q->filter, b, err);
	}
	return GX_OK;
}

enum gx_err store_record_list(struct store *s, const struct entity_def *def,
                              const struct store_list_query *q, struct gx_arena *a,
                              struct store_list_result *out, struct gx_error *err)
{
	memset(out, 0, sizeof *out);
	enum gx_err e;
	const struct field_def *sf = sort_field(def, q->sort_field, err, &e);
	if (e != GX_OK)
		return e;
	int limit = q->limit <= 0 ? 50 : q->limit;
	if (limit > 1000)
		return gx_error_set(err, GX_EINVAL, "limit", "%s", _("limit must be between 1 and 1000"));
	/* A name sorts by its Chinese collation key (pinyin order), stored beside it. */
	if (sf && sf->sort_field)
		sf = entity_field(def, sf->sort_field);
	int sort_int = sf && is_int_type(sf->type);
	/* NULLs sort as the empty string or 0 so that keyset paging has a total order. */
	char sortexpr[96];
	if (sf)
		snprintf(sortexpr, sizeof sortexpr, "COALESCE(%s, %s)", sf->name, sort_int ? "0" : "''");
	else
		snprintf(sortexpr, sizeof sortexpr, "id");

	struct sql_build b;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT ");
	select_list(s, def, q->visible_only, &b);
	sb_printf(&b.sql, ", %s FROM %s", sortexpr, def->table);
	e = build_where(s, def, q, &b, err);
	if (e == GX_OK && q->cursor && *q->cursor) {
		const char *sortval = "";
		int64_t after_id = 0;
		e = cursor_decode(a, q->cursor, &sortval, &after_id, err);
		if (e == GX_OK) {
			const char *gt = q->descending ? " < " : " > ";
			if (!sf) {
				sb_printf(&b.sql, " AND id%s", gt);
				sqlb_param_i64(&b, after_id);
			} else {
				sb_printf(&b.sql, " AND (%s%s", sortexpr, gt);
				if (sort_int)
					sqlb_param_i64(&b, strtoll(sortval, NULL, 10));
				else
					sqlb_param_text(&b, sortval);
				sb_printf(&b.sql, " OR (%s = ", sortexpr);
				if (sort_int)
					sqlb_param_i64(&b, strtoll(sortval, NULL, 10));
				else
					sqlb_param_text(&b, sortval);
				sb_printf(&b.sql, " AND id%s", gt);
				sqlb_param_i64(&b, after_id);
				sb_add(&b.sql, "))");
			}
		}
	}
	if (e == GX_OK) {
		const char *dir = q->descending ? " DESC" : "";
		if (sf)
			sb_printf(&b.sql, " ORDER BY %s%s, id%s", sortexpr, dir, dir);
		else
			sb_printf(&b.sql, " ORDER BY id%s", dir);
		sb_printf(&b.sql, " LIMIT %d", limit + 1);
	}
	struct db_stmt *st = NULL;
	if (e == GX_OK)
		e = db_prepare(s, sb_str(&b.sql), &st, err);
	if (e != GX_OK) {
		sqlb_free(&b);
		return e;
	}
	sqlb_bind(s, &b, st);
	out->rows = gx_arena_calloc(a, (size_t)limit, sizeof *out->rows);
	int row = 0, ncols = select_ncols(s, def);
	const char *last_sort = NULL;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		if ((int)out->count == limit) {
			out->next_cursor = cursor_encode(a, last_sort, out->rows[out->count - 1].id);
			break;
		}
		read_row(s, st, def, a, &out->rows[out->count]);
		if (sort_int)
			last_sort = gx_arena_printf(a, "%lld", (long long)db_col_i64(s, st, ncols));
		else if (sf)
			last_sort = dup_col(s, st, ncols, a);
		out->count++;
	}
	db_reset(s, st);
	sqlb_free(&b);
	return e;
}

/* COUNT(*) over the matching rows; with upto > 0 over at most upto + 1 of them. */
static enum gx_err count_rows(struct store *s, const struct entity_def *def,
                              const struct store_list_query *q, int64_t upto, int64_t *count,
                              struct gx_error *err)
{
	struct sql_build b;
	sqlb_init(&b);
	if (upto > 0)
		sb_printf(&b.sql, "SELECT COUNT(*) FROM (SELECT 1 FROM %s", def->table);
	else
		sb_printf(&b.sql, "SELECT COUNT(*) FROM %s", def->table);
	enum gx_err e = build_where(s, def, q, &b, err);
	if (upto > 0)
		sb_printf(&b.sql, " LIMIT %lld) AS upto", (long long)upto + 1);
	struct db_stmt *st = NULL;
	if (e == GX_OK)
		e = db_prepare(s, sb_str(&b.sql), &st, err);
	if (e == GX_OK) {
		sqlb_bind(s, &b, st);
		int row = 0;
		e = db_step(s, st, &row, err);
		*count = (e == GX_OK && row) ? db_col_i64(s, st, 0) : 0;
		db_reset(s, st);
	}
	sqlb_free(&b);
	return e;
}

enum gx_err store_record_count(struct store *s, const struct entity_def *def,
                               const struct store_list_query *q, int64_t *count,
                               struct gx_error *err)
{
	return count_rows(s, def, q, 0, count, err);
}

enum gx_err store_record_count_upto(struct store *s, const struct entity_def *def,
                                    const struct store_list_query *q, int64_t upto,
                                    int64_t *count, struct gx_error *err)
{
	return count_rows(s, def, q, upto > 0 ? upto : 1, count, err);
}

enum gx_err store_record_each(struct store *s, const struct entity_def *def,
                              const struct store_list_query *q,
                              int (*fn)(const struct record *r, void *ctx), void *ctx,
                              struct gx_error *err)
{
	struct sql_build b;
	sqlb_init(&b);
	sb_add(&b.sql, "SELECT ");
	select_list(s, def, 0, &b);
	sb_printf(&b.sql, " FROM %s", def->table);
	enum gx_err e = build_where(s, def, q, &b, err);
	sb_add(&b.sql, " ORDER BY id");
	struct db_stmt *st = NULL;
	if (e == GX_OK)
		e = db_prepare(s, sb_str(&b.sql), &st, err);
	if (e != GX_OK) {
		sqlb_free(&b);
		return e;
	}
	sqlb_bind(s, &b, st);
	struct gx_arena a;
	gx_arena_init(&a, 16 * 1024);
	int row = 0;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		struct record r;
		read_row(s, st, def, &a, &r);
		int stop = fn(&r, ctx);
		gx_arena_reset(&a);
		if (stop)
			break;
	}
	db_reset(s, st);
	gx_arena_free(&a);
	sqlb_free(&b);
	return e;
}
