/* The SQLite backend of the store: opening with the durability settings of DECISIONS.md (WAL,
 * synchronous=FULL, foreign keys, busy timeout), a per-connection statement cache, and the
 * driver functions of store/driver.h. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/embedded.h"
#include "core/strhash.h"
#include "guanxi/arena.h"
#include "guanxi/i18n.h"
#include "store/driver.h"
#include "store/sqlite/search.h"
#include "store/sqlite/sqlite_store.h"

/* Statement cache: open addressing on the SQL text. Entity code uses a few hundred distinct
 * statements at most; the table grows when half full. */
struct stmt_slot {
	char *sql;
	sqlite3_stmt *stmt;
};

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	struct stmt_slot *slots;
	size_t nslots, used;
	int staging;   /* search writes inside a transaction are staged (driver.h search_stage) */
	int staged;    /* something was staged since the last flush or rollback */
};

static struct sqlite_store *S(struct store *s)
{
	return (struct sqlite_store *)s;
}

sqlite3 *sqlite_store_handle(struct store *s)
{
	return s->backend == STORE_SQLITE ? S(s)->db : NULL;
}

static enum gx_err sqlite_error(sqlite3 *db, int rc, struct gx_error *err)
{
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return gx_error_set(err, GX_EUNAVAIL, NULL, _("the database is busy; try again"));
	if (rc == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_CONSTRAINT)
		return gx_error_set(err, GX_ECONFLICT, NULL, "%s: %s", _("constraint violated"),
		                    sqlite3_errmsg(db));
	if (rc == SQLITE_FULL || rc == SQLITE_IOERR || (rc & 0xff) == SQLITE_IOERR)
		return gx_error_set(err, GX_EUNAVAIL, NULL, "%s: %s", _("database I/O error"),
		                    sqlite3_errmsg(db));
	return gx_error_set(err, GX_EINTERNAL, NULL, "%s: %s", _("database error"), sqlite3_errmsg(db));
}

static uint64_t hash_str(const char *s)
{
	return gx_strhash(s);
}

static void cache_insert(struct sqlite_store *ss, char *sql, sqlite3_stmt *stmt)
{
	size_t mask = ss->nslots - 1, i = hash_str(sql) & mask;
	while (ss->slots[i].sql)
		i = (i + 1) & mask;
	ss->slots[i].sql = sql;
	ss->slots[i].stmt = stmt;
	ss->used++;
}

static void cache_grow(struct sqlite_store *ss)
{
	struct stmt_slot *old = ss->slots;
	size_t oldn = ss->nslots;
	ss->nslots = oldn ? oldn * 2 : 64;
	ss->slots = gx_xcalloc(ss->nslots, sizeof *ss->slots);
	ss->used = 0;
	for (size_t i = 0; i < oldn; i++)
		if (old[i].sql)
			cache_insert(ss, old[i].sql, old[i].stmt);
	free(old);
}

static enum gx_err drv_prepare(struct store *s, const char *sql, struct db_stmt **out,
                               struct gx_error *err)
{
	struct sqlite_store *ss = S(s);
	if (ss->nslots) {
		size_t mask = ss->nslots - 1, i = hash_str(sql) & mask;
		while (ss->slots[i].sql) {
			if (strcmp(ss->slots[i].sql, sql) == 0) {
				sqlite3_reset(ss->slots[i].stmt);
				sqlite3_clear_bindings(ss->slots[i].stmt);
				*out = (struct db_stmt *)ss->slots[i].stmt;
				return GX_OK;
			}
			i = (i + 1) & mask;
		}
	}
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v3(ss->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
	if (rc != SQLITE_OK)
		return sqlite_error(ss->db, rc, err);
	if ((ss->used + 1) * 2 > ss->nslots)
		cache_grow(ss);
	cache_insert(ss, gx_xstrdup(sql), stmt);
	*out = (struct db_stmt *)stmt;
	return GX_OK;
}

static sqlite3_stmt *ST(struct db_stmt *st)
{
	return (sqlite3_stmt *)st;
}

static void drv_bind_i64(struct db_stmt *st, int idx, int64_t v)
{
	sqlite3_bind_int64(ST(st), idx, v);
}

static void drv_bind_double(struct db_stmt *st, int idx, double v)
{
	sqlite3_bind_double(ST(st), idx, v);
}

static void drv_bind_text(struct db_stmt *st, int idx, const char *v)
{
	if (v)
		sqlite3_bind_text(ST(st), idx, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(ST(st), idx);
}

static void drv_bind_text_static(struct db_stmt *st, int idx, const char *v)
{
	if (v)
		sqlite3_bind_text(ST(st), idx, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(ST(st), idx);
}

static void drv_bind_null(struct db_stmt *st, int idx)
{
	sqlite3_bind_null(ST(st), idx);
}

static enum gx_err drv_step(struct db_stmt *st, int *row, struct gx_error *err)
{
	int rc = sqlite3_step(ST(st));
	if (rc == SQLITE_ROW) {
		*row = 1;
		return GX_OK;
	}
	*row = 0;
	if (rc == SQLITE_DONE)
		return GX_OK;
	enum gx_err e = sqlite_error(sqlite3_db_handle(ST(st)), rc, err);
	sqlite3_reset(ST(st));
	return e;
}

static int64_t drv_col_i64(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(ST(st), col);
}

static double drv_col_double(struct db_stmt *st, int col)
{
	return sqlite3_column_double(ST(st), col);
}

static const char *drv_col_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(ST(st), col);
}

static size_t drv_col_bytes(struct db_stmt *st, int col)
{
	return (size_t)sqlite3_column_bytes(ST(st), col);
}

static int drv_col_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(ST(st), col) == SQLITE_NULL;
}

static int64_t drv_changes(struct db_stmt *st)
{
	return sqlite3_changes64(sqlite3_db_handle(ST(st)));
}

static void drv_reset(struct db_stmt *st)
{
	sqlite3_reset(ST(st));
	sqlite3_clear_bindings(ST(st));
}

static enum gx_err drv_exec_script(struct store *s, const char *sql, struct gx_error *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(S(s)->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		enum gx_err e = sqlite_error(S(s)->db, rc, err);
		if (msg && e == GX_EINTERNAL)   /* keep the clearer "busy; try again" and I/O messages */
			gx_error_set(err, e, NULL, "%s: %s", _("database error"), msg);
		sqlite3_free(msg);
		return e;
	}
	return GX_OK;
}

static enum gx_err drv_tx_begin(struct store *s, struct gx_error *err)
{
	return drv_exec_script(s, "BEGIN IMMEDIATE", err);
}

static enum gx_err search_stage_flush(struct store *s, struct gx_error *err);

static enum gx_err drv_tx_commit(struct store *s, struct gx_error *err)
{
	if (S(s)->staged) {
		enum gx_err e = search_stage_flush(s, err);
		if (e != GX_OK)
			return e;   /* the caller rolls back, the staged documents with the rest */
	}
	return drv_exec_script(s, "COMMIT", err);
}

static void drv_tx_rollback(struct store *s)
{
	S(s)->staged = 0;
	if (!sqlite3_get_autocommit(S(s)->db))
		sqlite3_exec(S(s)->db, "ROLLBACK", NULL, NULL, NULL);
}

static int drv_stmt_writes(struct db_stmt *st)
{
	return !sqlite3_stmt_readonly(ST(st));
}

static int drv_tx_active(struct store *s)
{
	return !sqlite3_get_autocommit(S(s)->db);
}

/* SQLite's data version (SQLITE_FCNTL_DATA_VERSION) is the pager's change counter: bumped by
 * this connection's commits and, when a read transaction starts, by any change another
 * connection committed since the last one. It is read inside the read transaction, so BEGIN's
 * deferred transaction is started first with the cheapest statement that reads the file. */
static int drv_read_version(struct store *s, uint64_t *version)
{
	sqlite3 *db = S(s)->db;
	if (sqlite3_get_autocommit(db))
		return 0;
	if (sqlite3_txn_state(db, "main") == SQLITE_TXN_NONE) {
		struct db_stmt *st;
		struct gx_error ignored;
		int row;
		if (drv_prepare(s, "PRAGMA main.schema_version", &st, &ignored) != GX_OK)
			return 0;
		enum gx_err e = drv_step(st, &row, &ignored);
		drv_reset(st);
		if (e != GX_OK || sqlite3_txn_state(db, "main") == SQLITE_TXN_NONE)
			return 0;
	}
	unsigned int v = 0;
	if (sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, &v) != SQLITE_OK)
		return 0;
	*version = v;
	return 1;
}

/* Staged only inside a transaction: outside one there is no COMMIT of ours to flush them. */
static int staging_now(struct store *s)
{
	return S(s)->staging && !sqlite3_get_autocommit(S(s)->db);
}

static enum gx_err drv_search_put(struct store *s, const char *entity, int64_t id,
                                  const char *const *fields, size_t nfields, const char *code,
                                  const char *phone_norm, struct gx_error *err)
{
	/* The statements come from the connection's statement cache: an import indexes
	 * thousands of records, and preparing them for each was a visible share of it. */
	struct db_stmt *del, *ins;
	if (staging_now(s)) {
		enum gx_err e = drv_prepare(s, SQLITE_SEARCH_STAGE_SQL, &ins, err);
		if (e == GX_OK)
			e = sqlite_search_stage_put(S(s)->db, ST(ins), entity, id, fields, nfields, code,
			                            phone_norm, err);
		if (e == GX_OK)
			S(s)->staged = 1;
		return e;
	}
	enum gx_err e = drv_prepare(s, SQLITE_SEARCH_DELETE_SQL, &del, err);
	if (e == GX_OK)
		e = drv_prepare(s, SQLITE_SEARCH_INSERT_SQL, &ins, err);
	if (e != GX_OK)
		return e;
	return sqlite_search_index_put_with(S(s)->db, ST(del), ST(ins), entity, id, fields, nfields, code,
	                                    phone_norm, err);
}

static enum gx_err drv_search_delete(struct store *s, const char *entity, int64_t id,
                                     struct gx_error *err)
{
	if (staging_now(s)) {
		struct db_stmt *stage;
		enum gx_err e = drv_prepare(s, SQLITE_SEARCH_STAGE_SQL, &stage, err);
		if (e == GX_OK)
			e = sqlite_search_stage_delete(S(s)->db, ST(stage), entity, id, err);
		if (e == GX_OK)
			S(s)->staged = 1;
		return e;
	}
	return sqlite_search_index_delete(S(s)->db, entity, id, err);
}

static enum gx_err search_stage_flush(struct store *s, struct gx_error *err)
{
	struct db_stmt *rows, *del, *ins;
	enum gx_err e = drv_prepare(s, SQLITE_SEARCH_STAGED_SQL, &rows, err);
	if (e == GX_OK)
		e = drv_prepare(s, SQLITE_SEARCH_DELETE_SQL, &del, err);
	if (e == GX_OK)
		e = drv_prepare(s, SQLITE_SEARCH_INSERT_SQL, &ins, err);
	if (e == GX_OK)
		e = sqlite_search_stage_flush(S(s)->db, ST(rows), ST(del), ST(ins), err);
	if (e == GX_OK)
		S(s)->staged = 0;
	return e;
}

/* Emptying the index empties what is staged for it too (written after, it would survive). */
static enum gx_err drv_search_clear(struct store *s, struct gx_error *err)
{
	if (S(s)->staging) {
		enum gx_err e = drv_exec_script(s, "DELETE FROM temp.search_staged", err);
		if (e != GX_OK)
			return e;
	}
	return sqlite_search_clear(s, err);
}

static enum gx_err drv_search_stage(struct store *s, int on, struct gx_error *err)
{
	if (on && !S(s)->staging) {
		enum gx_err e = drv_exec_script(s, SQLITE_SEARCH_STAGE_TABLE, err);
		if (e != GX_OK)
			return e;
	}
	S(s)->staging = on;
	return GX_OK;
}

static enum gx_err drv_search_query(struct store *s, const char *query, const char *entity,
                                    int limit, struct search_hit *hits, size_t *nhits, int *more,
                                    struct gx_error *err)
{
	struct db_stmt *cls, *lng;
	enum gx_err e = drv_prepare(s, SQLITE_SEARCH_CLASS_SQL, &cls, err);
	if (e == GX_OK)
		e = drv_prepare(s, SQLITE_SEARCH_LONG_SQL, &lng, err);
	if (e != GX_OK)
		return e;
	return sqlite_search_query_with(S(s)->db, ST(cls), ST(lng), query, entity, limit, hits, nhits,
	                                more, err);
}

static void drv_close(struct store *s)
{
	struct sqlite_store *ss = S(s);
	for (size_t i = 0; i < ss->nslots; i++)
		if (ss->slots[i].sql) {
			sqlite3_finalize(ss->slots[i].stmt);
			free(ss->slots[i].sql);
		}
	free(ss->slots);
	sqlite3_close_v2(ss->db);
	free(ss);
}

static const struct store_driver sqlite_driver = {
	.name = "sqlite",
	.close = drv_close,
	.exec_script = drv_exec_script,
	.prepare = drv_prepare,
	.bind_i64 = drv_bind_i64,
	.bind_double = drv_bind_double,
	.bind_text = drv_bind_text,
	.bind_text_static = drv_bind_text_static,
	.bind_null = drv_bind_null,
	.step = drv_step,
	.col_i64 = drv_col_i64,
	.col_double = drv_col_double,
	.col_text = drv_col_text,
	.col_bytes = drv_col_bytes,
	.col_is_null = drv_col_is_null,
	.changes = drv_changes,
	.stmt_writes = drv_stmt_writes,
	.reset = drv_reset,
	.tx_begin = drv_tx_begin,
	.tx_commit = drv_tx_commit,
	.tx_rollback = drv_tx_rollback,
	.search_put = drv_search_put,
	.search_delete = drv_search_delete,
	.search_query = drv_search_query,
	.search_stage = drv_search_stage,
	.schema_tables = sqlite_schema_tables,
	.schema_columns = sqlite_schema_columns,
	.tx_begin_snapshot = sqlite_tx_begin_snapshot,
	.identity_reset = NULL,
	.next_id = NULL,
	.search_clear = drv_search_clear,
	.check_integrity = sqlite_check_integrity,
	.backup_to_file = sqlite_backup_to_file,
	.bulk_defs = sqlite_bulk_defs,
	.tx_active = drv_tx_active,
	.read_version = drv_read_version,
	.migrations = migrations_sqlite,
};

/* Process-wide SQLite settings, applied once before the library's first use. Memory statistics
 * off: with them on (the library's default) every sqlite3_malloc and sqlite3_free of every
 * connection takes one global mutex, and the server's worker threads, each reading on its own
 * connection, then queue on it (perf: three quarters of the workers' futex calls under a GET
 * load). Nothing here reads those statistics or sets a heap limit. sqlite3_config answers
 * SQLITE_MISUSE once the library is initialised; that leaves the defaults and is harmless. */
static pthread_once_t sqlite_configured = PTHREAD_ONCE_INIT;

static void sqlite_configure_process(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

enum gx_err sqlite_store_open(const char *path, const struct store_open_options *opts,
                              struct store **out, struct gx_error *err)
{
	*out = NULL;
	pthread_once(&sqlite_configured, sqlite_configure_process);
	if (!path || !*path)
		return gx_error_set(err, GX_EINVAL, "db", "%s", _("no database path given"));
	struct stat st;
	int exists = strcmp(path, ":memory:") == 0 || stat(path, &st) == 0;
	if (!exists && !(opts && opts->create))
		return gx_error_set(err, GX_ENOTFOUND, "db", _("database %s does not exist (create it with `guanxi init`)"),
		                    path);
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI * 0;
	if (opts && opts->create)
		flags |= SQLITE_OPEN_CREATE;
	int rc = sqlite3_open_v2(path, &db, flags, NULL);
	if (rc != SQLITE_OK) {
		gx_error_set(err, GX_EIO, "db", _("cannot open database %s: %s"), path,
		             db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close_v2(db);
		return GX_EIO;
	}
	sqlite3_extended_result_codes(db, 0);
	sqlite3_busy_timeout(db, opts && opts->busy_timeout_ms > 0 ? opts->busy_timeout_ms : 5000);
	struct sqlite_store *ss = gx_xcalloc(1, sizeof *ss);
	ss->base.drv = &sqlite_driver;
	ss->base.backend = STORE_SQLITE;
	ss->db = db;
	/* Durability per DECISIONS.md: an acknowledged write survives a crash of the machine. */
	enum gx_err e = drv_exec_script(&ss->base,
	                                "PRAGMA journal_mode=WAL;"
	                                "PRAGMA synchronous=FULL;"
	                                "PRAGMA foreign_keys=ON;"
	                                "PRAGMA temp_store=MEMORY;"
	                                "PRAGMA cache_size=-65536;",
	                                err);
	if (e == GX_OK)
		e = sqlite_search_register_tokenizer(db, err);
	if (e == GX_OK)
		e = sqlite_functions_register(db, err);
	if (e != GX_OK) {
		drv_close(&ss->base);
		return e;
	}
	*out = &ss->base;
	return GX_OK;
}
