/* The PostgreSQL half of the schema introspection, snapshot and sequence operations of
 * store/driver.h (used by store/copy.c). Tables and columns come from the catalogue of the
 * connection's current schema, so a table added by a migration is copied and checked without
 * anyone listing it; search_docs, the backend's search index, is rebuilt rather than copied (and
 * with it search_text; search_gram_stats only guides plans, migration 0023). */
#include <stdio.h>
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/customer_store.h"
#include "guanxi/i18n.h"
#include "store/driver.h"
#include "store/postgres/pg_store.h"

enum gx_err pg_schema_tables(struct store *s, char ***names, size_t *n, struct gx_error *err)
{
	*names = NULL;
	*n = 0;
	struct db_stmt *st;
	enum gx_err e = db_prepare(s,
	                           "SELECT table_name FROM information_schema.tables"
	                           " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
	                           " AND table_name NOT IN ('search_docs', 'search_text', 'search_gram_stats')"
	                           " ORDER BY table_name COLLATE \"C\"",
	                           &st, err);
	if (e != GX_OK)
		return e;
	size_t cap = 0;
	int row;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*names = gx_xrealloc(*names, cap * sizeof **names);
		}
		(*names)[(*n)++] = gx_xstrdup(db_col_text(s, st, 0));
	}
	db_reset(s, st);
	if (e != GX_OK) {
		db_names_free(*names, *n);
		*names = NULL;
		*n = 0;
	}
	return e;
}

enum gx_err pg_schema_columns(struct store *s, const char *table, struct db_column **cols,
                              size_t *n, struct gx_error *err)
{
	*cols = NULL;
	*n = 0;
	struct db_stmt *st;
	/* One row per column: its primary-key position, the table its (single-column) foreign
	 * key references and whether it holds floating-point numbers. */
	enum gx_err e = db_prepare(s,
	        "SELECT a.attname,"
	        " COALESCE((SELECT array_position(k.conkey, a.attnum) FROM pg_constraint k"
	        "           WHERE k.conrelid = a.attrelid AND k.contype = 'p'), 0),"
	        " (SELECT r.relname FROM pg_constraint k JOIN pg_class r ON r.oid = k.confrelid"
	        "  WHERE k.conrelid = a.attrelid AND k.contype = 'f' AND k.conkey[1] = a.attnum"
	        "  ORDER BY k.conname LIMIT 1),"
	        " (a.atttypid IN ('float8'::regtype, 'float4'::regtype))::int"
	        " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
	        " WHERE c.relname = ?::text AND c.relnamespace = current_schema()::regnamespace"
	        " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
	        &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "t", table);
	size_t cap = 0;
	int row;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*cols = gx_xrealloc(*cols, cap * sizeof **cols);
		}
		struct db_column *c = &(*cols)[(*n)++];
		c->name = gx_xstrdup(db_col_text(s, st, 0));
		c->pk = (int)db_col_i64(s, st, 1);
		c->ref_table = db_col_is_null(s, st, 2) ? NULL : gx_xstrdup(db_col_text(s, st, 2));
		c->is_real = db_col_i64(s, st, 3) != 0;
	}
	db_reset(s, st);
	if (e == GX_OK && *n == 0)
		e = gx_error_set(err, GX_ENOTFOUND, "table", _("table %s does not exist"), table);
	if (e != GX_OK) {
		db_columns_free(*cols, *n);
		*cols = NULL;
		*n = 0;
	}
	return e;
}

enum gx_err store_planner_stats_refresh(struct store *s, struct gx_error *err)
{
	if (store_backend(s) != STORE_POSTGRES)
		return GX_OK;
	enum gx_err e = db_exec_script(s, "ANALYZE", err);
	return e == GX_OK ? store_search_stats_refresh(s, err) : e;
}

enum gx_err pg_tx_begin_snapshot(struct store *s, struct gx_error *err)
{
	/* REPEATABLE READ: every statement of the transaction reads the snapshot taken at its first
	 * one; READ ONLY: a backup can never write. */
	return db_exec_script(s, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err);
}

enum gx_err pg_identity_reset(struct store *s, const char *table, struct gx_error *err)
{
	if (strchr(table, '"'))
		return gx_error_set(err, GX_EINVAL, "table", _("unusable table name %s"), table);
	char sql[512];
	/* is_called = false on an empty table: the next id is then 1 again. */
	snprintf(sql, sizeof sql,
	         "SELECT setval(pg_get_serial_sequence('\"%s\"', 'id'), COALESCE(MAX(id), 1),"
	         " MAX(id) IS NOT NULL) FROM \"%s\"",
	         table, table);
	return db_exec_script(s, sql, err);
}

/* A sequence is outside transactions: nextval takes no predicate lock and never waits, so
 * concurrent creates do not conflict on it as they did on MAX(id) (the rightmost page of the
 * key index, read by every create and written by every other one). */
enum gx_err pg_next_id(struct store *s, const char *table, int64_t *id, struct gx_error *err)
{
	int found = 0;
	enum gx_err e = db_query_i64(s, "SELECT nextval(pg_get_serial_sequence(?, 'id'))", id, &found,
	                             err, "t", table);
	if (e == GX_OK && !found)
		return gx_error_set(err, GX_EINTERNAL, NULL, "no identity sequence on %s", table);
	return e;
}

enum gx_err pg_search_clear(struct store *s, struct gx_error *err)
{
	return db_exec_script(s, "DELETE FROM search_docs", err);
}

enum gx_err pg_bulk_defs(struct store *s, char ***drops, char ***creates, size_t *n,
                         struct gx_error *err)
{
	*drops = *creates = NULL;
	*n = 0;
	/* The indexes are built again inside this transaction: give the builds (the GIN index of
	 * the search above all) 256 MB unless the server already allows more. */
	enum gx_err e = db_exec_script(s,
	        "SELECT set_config('maintenance_work_mem', '262144kB', true) FROM pg_settings"
	        " WHERE name = 'maintenance_work_mem' AND setting::bigint < 262144",
	        err);
	if (e != GX_OK)
		return e;
	struct db_stmt *st;
	/* Indexes of the current schema's tables that back no constraint (a primary key, unique
	 * constraint or the key a foreign key points at keeps its index), then the foreign keys:
	 * checked row by row during a COPY they cost more than the load itself, while adding
	 * them back checks all rows in one join. Creation order: indexes first, then the keys. */
	e = db_prepare(s,
	        "SELECT d, c FROM ("
	        " SELECT 1 AS k, i.relname AS name, format('DROP INDEX %I', i.relname) AS d,"
	        "  pg_get_indexdef(x.indexrelid) AS c FROM pg_index x"
	        "  JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
	        "  WHERE t.relnamespace = current_schema()::regnamespace"
	        "  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)"
	        " UNION ALL"
	        " SELECT 2, k.conname, format('ALTER TABLE %I DROP CONSTRAINT %I', t.relname, k.conname),"
	        "  format('ALTER TABLE %I ADD CONSTRAINT %I ', t.relname, k.conname) || pg_get_constraintdef(k.oid)"
	        "  FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid"
	        "  WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace"
	        ") AS defs ORDER BY k, name COLLATE \"C\"",
	        &st, err);
	if (e != GX_OK)
		return e;
	size_t cap = 0;
	int row;
	while ((e = db_step(s, st, &row, err)) == GX_OK && row) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*drops = gx_xrealloc(*drops, cap * sizeof **drops);
			*creates = gx_xrealloc(*creates, cap * sizeof **creates);
		}
		(*drops)[*n] = gx_xstrdup(db_col_text(s, st, 0));
		(*creates)[(*n)++] = gx_xstrdup(db_col_text(s, st, 1));
	}
	db_reset(s, st);
	if (e != GX_OK) {
		db_names_free(*drops, *n);
		db_names_free(*creates, *n);
		*drops = *creates = NULL;
		*n = 0;
	}
	return e;
}
