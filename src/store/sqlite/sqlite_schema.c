/* The SQLite half of the schema introspection, snapshot and backup operations of
 * store/driver.h, used by the copy, backup and restore of store/copy.c and app/dbops.c. The
 * table list comes from SQLite's own catalogue (pragma_table_list), so a table added by a
 * migration is copied and checked without anyone listing it. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "guanxi/arena.h"
#include "guanxi/i18n.h"
#include "store/driver.h"
#include "store/sqlite/sqlite_store.h"

static enum gx_err schema_error(sqlite3 *db, struct gx_error *err)
{
	return gx_error_set(err, GX_EINTERNAL, NULL, "%s: %s", _("database error"), sqlite3_errmsg(db));
}

enum gx_err sqlite_schema_tables(struct store *s, char ***names, size_t *n, struct gx_error *err)
{
	sqlite3 *db = sqlite_store_handle(s);
	*names = NULL;
	*n = 0;
	/* Virtual tables (the FTS5 search index) and their shadow tables are not "table"s here. */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
	                       "SELECT name FROM pragma_table_list"
	                       " WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
	                       " ORDER BY name",
	                       -1, &st, NULL) != SQLITE_OK)
		return schema_error(db, err);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*names = gx_xrealloc(*names, cap * sizeof **names);
		}
		(*names)[(*n)++] = gx_xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_names_free(*names, *n);
		*names = NULL;
		*n = 0;
		return schema_error(db, err);
	}
	return GX_OK;
}

enum gx_err sqlite_schema_columns(struct store *s, const char *table, struct db_column **cols,
                                  size_t *n, struct gx_error *err)
{
	sqlite3 *db = sqlite_store_handle(s);
	*cols = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT name, pk, upper(type) IN ('REAL', 'DOUBLE', 'DOUBLE PRECISION', 'FLOAT')"
	                       " FROM pragma_table_info(?1) ORDER BY cid", -1, &st,
	                       NULL) != SQLITE_OK)
		return schema_error(db, err);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
	size_t cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*cols = gx_xrealloc(*cols, cap * sizeof **cols);
		}
		struct db_column *c = &(*cols)[(*n)++];
		c->name = gx_xstrdup((const char *)sqlite3_column_text(st, 0));
		c->pk = sqlite3_column_int(st, 1);
		c->ref_table = NULL;
		c->is_real = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1)", -1,
	                       &st, NULL) != SQLITE_OK) {
		db_columns_free(*cols, *n);
		*cols = NULL;
		*n = 0;
		return schema_error(db, err);
	}
	sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *from = (const char *)sqlite3_column_text(st, 0);
		for (size_t i = 0; i < *n; i++)
			if (from && strcmp((*cols)[i].name, from) == 0 && !(*cols)[i].ref_table)
				(*cols)[i].ref_table = gx_xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (*n == 0)
		return gx_error_set(err, GX_ENOTFOUND, "table", _("table %s does not exist"), table);
	return GX_OK;
}

enum gx_err sqlite_tx_begin_snapshot(struct store *s, struct gx_error *err)
{
	/* In WAL mode a read transaction sees the database as of its first read, whatever other
	 * connections commit meanwhile; the count below is that first read. */
	sqlite3 *db = sqlite_store_handle(s);
	if (sqlite3_exec(db, "BEGIN DEFERRED; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return schema_error(db, err);
	return GX_OK;
}

enum gx_err sqlite_search_clear(struct store *s, struct gx_error *err)
{
	sqlite3 *db = sqlite_store_handle(s);
	if (sqlite3_exec(db, "DELETE FROM search_fts", NULL, NULL, NULL) != SQLITE_OK)
		return schema_error(db, err);
	return GX_OK;
}

enum gx_err sqlite_check_integrity(struct store *s, struct gx_error *err)
{
	sqlite3 *db = sqlite_store_handle(s);
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(5)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return gx_error_set(err, GX_EINVAL, NULL, "%s", sqlite3_errmsg(db));
	char found[512] = "";
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		if (line && strcmp(line, "ok") != 0 && strlen(found) + strlen(line) + 3 < sizeof found) {
			if (*found)
				strcat(found, "; ");
			strcat(found, line);
		}
	}
	if (rc != SQLITE_DONE && !*found)
		snprintf(found, sizeof found, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	if (*found)
		return gx_error_set(err, GX_EINVAL, NULL, "%s", found);
	return GX_OK;
}

enum gx_err sqlite_backup_to_file(struct store *s, const char *path, struct gx_error *err)
{
	sqlite3 *db = sqlite_store_handle(s), *out = NULL;
	int rc = sqlite3_open_v2(path, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	                         NULL);
	if (rc != SQLITE_OK) {
		gx_error_set(err, GX_EIO, "file", _("cannot create %s: %s"), path,
		             out ? sqlite3_errmsg(out) : sqlite3_errstr(rc));
		sqlite3_close_v2(out);
		return GX_EIO;
	}
	/* One step copies every page under one read transaction of the source: the file is the
	 * database as of one instant, while writers on other connections carry on (WAL). Steps of a
	 * few pages would restart whenever another connection wrote meanwhile. */
	sqlite3_backup *b = sqlite3_backup_init(out, "main", db, "main");
	if (!b) {
		gx_error_set(err, GX_EIO, "file", _("cannot back up into %s: %s"), path, sqlite3_errmsg(out));
		sqlite3_close_v2(out);
		return GX_EIO;
	}
	for (int tries = 0; ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
	                    tries < 200; tries++)
		sqlite3_sleep(50);
	sqlite3_backup_finish(b);
	enum gx_err e = GX_OK;
	if (rc != SQLITE_DONE)
		e = gx_error_set(err, GX_EIO, "file", _("cannot back up into %s: %s"), path, sqlite3_errstr(rc));
	else if (sqlite3_exec(out, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK)
		/* one self-contained file, without -wal/-shm companions */
		e = gx_error_set(err, GX_EIO, "file", _("cannot back up into %s: %s"), path, sqlite3_errmsg(out));
	sqlite3_close_v2(out);
	return e;
}

enum gx_err sqlite_bulk_defs(struct store *s, char ***drops, char ***creates, size_t *n,
                             struct gx_error *err)
{
	sqlite3 *db = sqlite_store_handle(s);
	*drops = *creates = NULL;
	*n = 0;
	/* Indexes written in the schema (automatic ones have no SQL), not unique ones (a foreign
	 * key's parent key may be one of them) and not the search index's own. Foreign keys stay:
	 * SQLite checks one by a lookup in the parent's primary key, which costs little. */
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
	                       "SELECT 'DROP INDEX \"' || name || '\"', sql FROM sqlite_master"
	                       " WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
	                       " AND tbl_name NOT LIKE 'search\\_%' ESCAPE '\\' AND instr(name, '\"') = 0"
	                       " ORDER BY name",
	                       -1, &st, NULL) != SQLITE_OK)
		return schema_error(db, err);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*drops = gx_xrealloc(*drops, cap * sizeof **drops);
			*creates = gx_xrealloc(*creates, cap * sizeof **creates);
		}
		(*drops)[*n] = gx_xstrdup((const char *)sqlite3_column_text(st, 0));
		(*creates)[(*n)++] = gx_xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_names_free(*drops, *n);
		db_names_free(*creates, *n);
		*drops = *creates = NULL;
		*n = 0;
		return schema_error(db, err);
	}
	return GX_OK;
}
