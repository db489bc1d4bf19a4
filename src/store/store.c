/* Backend-independent parts of the store: opening by URL, migrations, nested transactions,
 * settings, and the small helpers (db_*) that entity code uses over the driver. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "guanxi/clock.h"
#include "guanxi/i18n.h"
#include "store/driver.h"
#include "store/sql_cache.h"
#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"

enum gx_err store_open(const char *url, const struct store_open_options *opts,
                       struct store **out, struct gx_error *err)
{
	*out = NULL;
	if (!url || !*url)
		return gx_error_set(err, GX_EINVAL, "db", "%s", _("no database given"));
	enum gx_err e;
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0) {
		e = pg_store_open(url, opts, out, err);
	} else {
		const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
		e = sqlite_store_open(path, opts, out, err);
	}
	if (e != GX_OK)
		return e;
	if (opts && opts->migrate) {
		e = store_migrate(*out, NULL, err);
		if (e != GX_OK) {
			store_close(*out);
			*out = NULL;
		}
	}
	return e;
}

void store_stream_reads(struct store *s, int on)
{
	s->stream_reads += on ? 1 : (s->stream_reads > 0 ? -1 : 0);
}

void store_close(struct store *s)
{
	if (s) {
		sql_cache_free(s->sql_cache);
		s->sql_cache = NULL;
		s->drv->close(s);
	}
}

enum store_backend store_backend(const struct store *s)
{
	return s->backend;
}

/* --- helpers over the driver ------------------------------------------------------------ */

enum gx_err db_prepare(struct store *s, const char *sql, struct db_stmt **st, struct gx_error *err)
{
	return s->drv->prepare(s, sql, st, err);
}

/* A statement that writes ends store_read_begin's read transaction before it runs: inside it
 * the write would upgrade a snapshot that may be stale (SQLITE_BUSY_SNAPSHOT, where on its own
 * it would have waited for the lock) and hold the write lock to the end of the request. */
static void read_guard(struct store *s, struct db_stmt *st)
{
	if (s->read_tx && s->drv->stmt_writes && s->drv->stmt_writes(st))
		store_read_end(s);
}

enum gx_err db_step(struct store *s, struct db_stmt *st, int *row, struct gx_error *err)
{
	read_guard(s, st);
	return s->drv->step(st, row, err);
}

void db_reset(struct store *s, struct db_stmt *st)
{
	s->drv->reset(st);
}

enum gx_err db_exec_script(struct store *s, const char *sql, struct gx_error *err)
{
	store_read_end(s);   /* scripts are DDL and transaction control */
	return s->drv->exec_script(s, sql, err);
}

static void bind_va(struct store *s, struct db_stmt *st, const char *types, va_list ap)
{
	for (int i = 0; types && types[i]; i++) {
		int idx = i + 1;
		switch (types[i]) {
		case 'i':
			s->drv->bind_i64(st, idx, va_arg(ap, int64_t));
			break;
		case 'I': {
			int64_t v = va_arg(ap, int64_t);
			if (v)
				s->drv->bind_i64(st, idx, v);
			else
				s->drv->bind_null(st, idx);
			break;
		}
		case 'd':
			s->drv->bind_double(st, idx, va_arg(ap, double));
			break;
		case 't':
			s->drv->bind_text(st, idx, va_arg(ap, const char *));
			break;
		default:
			s->drv->bind_null(st, idx);
			break;
		}
	}
}

void db_bindv(struct store *s, struct db_stmt *st, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	bind_va(s, st, types, ap);
	va_end(ap);
}

enum gx_err db_exec(struct store *s, const char *sql, int64_t *changes, struct gx_error *err,
                    const char *types, ...)
{
	struct db_stmt *st;
	enum gx_err e = s->drv->prepare(s, sql, &st, err);
	if (e != GX_OK)
		return e;
	va_list ap;
	va_start(ap, types);
	bind_va(s, st, types, ap);
	va_end(ap);
	int row;
	read_guard(s, st);
	e = s->drv->step(st, &row, err);
	if (e == GX_OK && changes)
		*changes = s->drv->changes(st);
	s->drv->reset(st);
	return e;
}

enum gx_err db_query_i64(struct store *s, const char *sql, int64_t *out, int *found,
                         struct gx_error *err, const char *types, ...)
{
	struct db_stmt *st;
	enum gx_err e = s->drv->prepare(s, sql, &st, err);
	if (e != GX_OK)
		return e;
	va_list ap;
	va_start(ap, types);
	bind_va(s, st, types, ap);
	va_end(ap);
	int row = 0;
	read_guard(s, st);
	e = s->drv->step(st, &row, err);
	if (e == GX_OK && row)
		*out = s->drv->col_i64(st, 0);
	if (found)
		*found = row;
	/* Step to the end so that INSERT … RETURNING completes before the reset. */
	while (e == GX_OK && row)
		e = s->drv->step(st, &row, err);
	s->drv->reset(st);
	return e;
}

int64_t db_col_i64(struct store *s, struct db_stmt *st, int col)
{
	return s->drv->col_i64(st, col);
}

double db_col_double(struct store *s, struct db_stmt *st, int col)
{
	return s->drv->col_double(st, col);
}

const char *db_col_text(struct store *s, struct db_stmt *st, int col)
{
	return s->drv->col_text(st, col);
}

int db_col_is_null(struct store *s, struct db_stmt *st, int col)
{
	return s->drv->col_is_null(st, col);
}

void db_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

void db_columns_free(struct db_column *cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(cols[i].name);
		free(cols[i].ref_table);
	}
	free(cols);
}

/* --- transactions ----------------------------------------------------------------------- */

/* SQLite runs SAVEPOINT and RELEASE as cached prepared statements (an import opens one per
 * row; parsing the text each time was a measurable share); PostgreSQL cannot prepare them. */
static enum gx_err savepoint_exec(struct store *s, const char *sql, struct gx_error *err)
{
	if (s->backend == STORE_SQLITE)
		return db_exec(s, sql, NULL, err, "");
	return db_exec_script(s, sql, err);
}

void store_read_begin(struct store *s)
{
	if (s->backend != STORE_SQLITE || s->tx_depth > 0 || s->read_tx || s->stream_reads > 0)
		return;
	struct gx_error ignored;
	if (db_exec(s, "BEGIN", NULL, &ignored, "") == GX_OK)
		s->read_tx = 1;
}

void store_read_end(struct store *s)
{
	if (!s->read_tx)
		return;
	s->read_tx = 0;
	struct gx_error ignored;
	if (s->tx_depth == 0 && db_exec(s, "COMMIT", NULL, &ignored, "") != GX_OK)
		s->drv->tx_rollback(s);
}

int store_read_version(struct store *s, uint64_t *version)
{
	if (!s->read_tx || s->tx_depth > 0 || !s->drv->read_version)
		return 0;
	return s->drv->read_version(s, version);
}

enum gx_err store_begin(struct store *s, struct gx_error *err)
{
	store_read_end(s);
	if (s->tx_depth > 0) {
		/* A nested unit of work is a savepoint: its rollback undoes only its own writes, so a
		 * bad row of an import leaves the rest of the batch intact. Inside a commit group the
		 * job's outermost unit is a savepoint too, and starts as a fresh transaction would. */
		if (s->tx_depth == s->tx_base)
			s->retryable = 0;
		char sql[48];
		snprintf(sql, sizeof sql, "SAVEPOINT gx_sp%d", s->tx_depth);
		enum gx_err e = savepoint_exec(s, sql, err);
		if (e == GX_OK)
			s->tx_depth++;
		return e;
	}
	s->retryable = 0;
	enum gx_err e = s->drv->tx_begin(s, err);
	if (e == GX_OK)
		s->tx_depth = 1;
	return e;
}

enum gx_err store_commit(struct store *s, struct gx_error *err)
{
	if (s->tx_depth <= s->tx_base)
		return gx_error_set(err, GX_EINTERNAL, NULL, "commit without a transaction");
	if (s->tx_depth > 1) {
		char sql[48];
		snprintf(sql, sizeof sql, "RELEASE SAVEPOINT gx_sp%d", s->tx_depth - 1);
		s->tx_depth--;
		return savepoint_exec(s, sql, err);
	}
	s->tx_depth = 0;
	enum gx_err e = s->drv->tx_commit(s, err);
	if (e != GX_OK)
		s->drv->tx_rollback(s);
	return e;
}

void store_rollback(struct store *s)
{
	if (s->tx_depth <= s->tx_base)
		return;
	if (s->tx_depth > 1) {
		char sql[96];
		snprintf(sql, sizeof sql, "ROLLBACK TO SAVEPOINT gx_sp%d; RELEASE SAVEPOINT gx_sp%d",
		         s->tx_depth - 1, s->tx_depth - 1);
		struct gx_error ignored;
		db_exec_script(s, sql, &ignored);
		s->tx_depth--;
		return;
	}
	s->tx_depth = 0;
	s->drv->tx_rollback(s);
}

int store_in_transaction(const struct store *s)
{
	return s->tx_depth > s->tx_base;
}

int store_failure_retryable(const struct store *s)
{
	return s->retryable;
}

/* --- migrations ------------------------------------------------------------------------- */

static enum gx_err ensure_migration_table(struct store *s, struct gx_error *err)
{
	return db_exec_script(s,
	                      "CREATE TABLE IF NOT EXISTS schema_migrations ("
	                      " version INTEGER PRIMARY KEY,"
	                      " name TEXT NOT NULL,"
	                      " applied_at TEXT NOT NULL)",
	                      err);
}

enum gx_err store_schema_version(struct store *s, int *version, struct gx_error *err)
{
	enum gx_err e = ensure_migration_table(s, err);
	if (e != GX_OK)
		return e;
	int64_t v = 0;
	e = db_query_i64(s, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &v, NULL, err, "");
	*version = (int)v;
	return e;
}

/* Two servers starting together on one PostgreSQL database must not both apply a migration:
 * a session advisory lock serialises them (the key is arbitrary but fixed). On SQLite the
 * version is re-read inside each migration's IMMEDIATE transaction, which only one process
 * holds at a time. */
#define MIGRATE_LOCK_KEY "7263540913"

static enum gx_err migrate_locked(struct store *s, int *applied, struct gx_error *err)
{
	int current = 0, count = 0;
	enum gx_err e = store_schema_version(s, &current, err);
	if (e != GX_OK)
		return e;
	for (const struct gx_embedded *m = s->drv->migrations; m->name; m++) {
		int version = atoi(m->name);
		if (version <= 0)
			continue;
		/* Every migration not yet recorded is applied, not only those above the highest:
		 * modules developed side by side may land their numbered migrations out of order. */
		if (version <= current) {
			int64_t seen = 0;
			e = db_query_i64(s, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", &seen,
			                 NULL, err, "i", (int64_t)version);
			if (e != GX_OK)
				return e;
			if (seen)
				continue;
		}
		/* One transaction per migration: the schema change and its record land together. */
		if ((e = store_begin(s, err)) != GX_OK)
			return e;
		int64_t done = 0;
		e = db_query_i64(s, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", &done, NULL, err,
		                 "i", (int64_t)version);
		if (e == GX_OK && done) {   /* another process applied it meanwhile */
			store_rollback(s);
			continue;
		}
		if (e == GX_OK)
			e = db_exec_script(s, (const char *)m->data, err);
		if (e == GX_OK)
		{
			char now[32];
			gx_now_iso(now);
			e = db_exec(s, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
			            NULL, err, "itt", (int64_t)version, m->name, now);
		}
		if (e != GX_OK) {
			store_rollback(s);
			gx_error_prefix(err, "migration %s: ", m->name);
			return e;
		}
		if ((e = store_commit(s, err)) != GX_OK)
			return e;
		count++;
	}
	if (applied)
		*applied = count;
	return GX_OK;
}

enum gx_err store_migrate(struct store *s, int *applied, struct gx_error *err)
{
	if (applied)
		*applied = 0;
	if (s->backend != STORE_POSTGRES)
		return migrate_locked(s, applied, err);
	enum gx_err e = db_exec_script(s, "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")", err);
	if (e != GX_OK)
		return e;
	e = migrate_locked(s, applied, err);
	struct gx_error ignored;
	db_exec_script(s, "SELECT pg_advisory_unlock(" MIGRATE_LOCK_KEY ")", &ignored);
	return e;
}

/* --- settings --------------------------------------------------------------------------- */

enum gx_err store_setting_get(struct store *s, const char *key, char *buf, size_t size,
                              int *found, struct gx_error *err)
{
	struct db_stmt *st;
	enum gx_err e = db_prepare(s, "SELECT value FROM settings WHERE key = ?", &st, err);
	if (e != GX_OK)
		return e;
	db_bindv(s, st, "t", key);
	int row = 0;
	e = db_step(s, st, &row, err);
	*found = row;
	if (e == GX_OK && row && size) {
		const char *v = db_col_text(s, st, 0);
		snprintf(buf, size, "%s", v ? v : "");
	}
	db_reset(s, st);
	return e;
}

enum gx_err store_setting_set(struct store *s, const char *key, const char *value,
                              struct gx_error *err)
{
	return db_exec(s,
	               "INSERT INTO settings (key, value) VALUES (?, ?)"
	               " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	               NULL, err, "tt", key, value);
}
