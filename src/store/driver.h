/* The backend driver: what each database (sqlite/, postgres/) must provide so that the
 * entity code in store/ can run the same portable SQL on both. SQL uses `?` placeholders; a
 * backend that numbers its parameters ($1 …) rewrites them when preparing. Statements are
 * cached per connection by their SQL text, so entity code prepares freely. */
#ifndef GX_STORE_DRIVER_H
#define GX_STORE_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/error.h"
#include "guanxi/search.h"
#include "guanxi/store.h"
#include "guanxi/store_scope.h"

struct db_stmt;

/* A column as the schema describes it (for the copy and checksums of store/copy.c). */
struct db_column {
	char *name;
	int pk;               /* position in the primary key from 1, 0 if not part of it */
	char *ref_table;      /* the table a foreign key on this column references, or NULL */
	int is_real;          /* a floating-point column (REAL, DOUBLE PRECISION) */
};

struct store_driver {
	const char *name;
	void (*close)(struct store *s);
	/* Runs SQL without parameters or results; may hold several statements. */
	enum gx_err (*exec_script)(struct store *s, const char *sql, struct gx_error *err);
	enum gx_err (*prepare)(struct store *s, const char *sql, struct db_stmt **st, struct gx_error *err);
	void (*bind_i64)(struct db_stmt *st, int idx, int64_t v);
	void (*bind_double)(struct db_stmt *st, int idx, double v);
	void (*bind_text)(struct db_stmt *st, int idx, const char *v);   /* NULL binds NULL */
	/* The same, v left in place until the statement is reset (no copy: the bulk order
	 * import binds ten texts per order); NULL: the driver copies anyway, use bind_text. */
	void (*bind_text_static)(struct db_stmt *st, int idx, const char *v);
	void (*bind_null)(struct db_stmt *st, int idx);
	/* Advances; *row is 1 when a row is available, 0 when done. */
	enum gx_err (*step)(struct db_stmt *st, int *row, struct gx_error *err);
	int64_t (*col_i64)(struct db_stmt *st, int col);
	double (*col_double)(struct db_stmt *st, int col);
	const char *(*col_text)(struct db_stmt *st, int col);   /* NULL for SQL NULL */
	/* Bytes of the text col_text just returned (no strlen); NULL: the caller measures. */
	size_t (*col_bytes)(struct db_stmt *st, int col);
	int (*col_is_null)(struct db_stmt *st, int col);
	int64_t (*changes)(struct db_stmt *st);                  /* rows changed by the last step */
	int (*stmt_writes)(struct db_stmt *st);   /* 1 when the statement may write; NULL: unknown */
	void (*reset)(struct db_stmt *st);                       /* ready to bind again */
	enum gx_err (*tx_begin)(struct store *s, struct gx_error *err);
	enum gx_err (*tx_commit)(struct store *s, struct gx_error *err);
	void (*tx_rollback)(struct store *s);
	/* Search index (backend-specific: FTS5 on SQLite). */
	enum gx_err (*search_put)(struct store *s, const char *entity, int64_t id,
	                          const char *const *fields, size_t nfields, const char *code,
	                          const char *phone_norm, struct gx_error *err);
	enum gx_err (*search_delete)(struct store *s, const char *entity, int64_t id, struct gx_error *err);
	enum gx_err (*search_query)(struct store *s, const char *query, const char *entity, int limit,
	                            struct search_hit *hits, size_t *nhits, int *more,
	                            struct gx_error *err);
	/* Schema introspection, snapshots and backups (store/copy.c). The tables are the
	 * database's own portable tables, sorted by name: backend-internal tables and the
	 * backend-specific search index (rebuilt, never copied) are left out. Arrays and strings
	 * are gx_xmalloc'ed; free them with db_names_free / db_columns_free. */
	enum gx_err (*schema_tables)(struct store *s, char ***names, size_t *n, struct gx_error *err);
	enum gx_err (*schema_columns)(struct store *s, const char *table, struct db_column **cols,
	                              size_t *n, struct gx_error *err);
	/* A read-only transaction that sees one consistent state of the whole database; ended by
	 * tx_rollback. */
	enum gx_err (*tx_begin_snapshot)(struct store *s, struct gx_error *err);
	/* After rows were inserted with explicit ids: the next generated id of table follows the
	 * largest one (PostgreSQL identity sequences; nothing to do on SQLite). */
	enum gx_err (*identity_reset)(struct store *s, const char *table, struct gx_error *err);
	/* Takes the next id of table's identity for a row about to be inserted with it, outside
	 * the transaction's reads (PostgreSQL nextval: concurrent writers never conflict on it).
	 * NULL: the store computes MAX(id) + 1, which is exact where writers are serialised
	 * (SQLite). */
	enum gx_err (*next_id)(struct store *s, const char *table, int64_t *id, struct gx_error *err);
	/* Empties the search index (inside the caller's transaction). */
	enum gx_err (*search_clear)(struct store *s, struct gx_error *err);
	/* Checks the stored pages/structures; GX_EINVAL with the backend's findings if damaged. */
	enum gx_err (*check_integrity)(struct store *s, struct gx_error *err);
	/* Writes a consistent copy of the live database to a new file while others keep writing
	 * (SQLite online backup); NULL when the backend has no such thing. */
	enum gx_err (*backup_to_file)(struct store *s, const char *path, struct gx_error *err);
	/* Bulk loading of one table (PostgreSQL: COPY FROM STDIN); NULL when the backend has none
	 * (store/copy.c then inserts in prepared multi-row batches). Between bulk_begin and
	 * bulk_end no other statement may run on the connection. vals has one value per column of
	 * bulk_begin, NULL for SQL NULL. bulk_end with abort set gives up the load (the caller
	 * rolls the transaction back) and only reports a failure of its own. */
	enum gx_err (*bulk_begin)(struct store *s, const char *table, const char *const *cols,
	                          size_t ncols, struct gx_error *err);
	enum gx_err (*bulk_row)(struct store *s, const char *const *vals, struct gx_error *err);
	enum gx_err (*bulk_end)(struct store *s, int abort, struct gx_error *err);
	/* While on, search_put loads into the search index in bulk (the index must have been
	 * cleared first; no other statement runs meanwhile). NULL: search_put as usual. */
	enum gx_err (*search_bulk)(struct store *s, int on, struct gx_error *err);
	/* While on, search_put and search_delete inside a transaction only stage their documents,
	 * and tx_commit indexes the staged ones just before its COMMIT (SQLite: FTS5 writes a
	 * segment per savepoint otherwise; store/sqlite/search.h "Staged writes"). Group commit
	 * turns it on for its writer. NULL: the backend indexes each write at once at no extra
	 * cost (PostgreSQL). */
	enum gx_err (*search_stage)(struct store *s, int on, struct gx_error *err);
	/* What a bulk load may take away and put back after the load: secondary indexes (none a
	 * constraint relies on) and, where checking them row by row is costly (PostgreSQL), foreign
	 * keys. For each, the statement that drops it and the one that creates it again. PostgreSQL
	 * also raises the transaction's maintenance_work_mem for the builds. */
	enum gx_err (*bulk_defs)(struct store *s, char ***drops, char ***creates, size_t *n,
	                         struct gx_error *err);
	/* 1 while the connection is inside a transaction; 0 when the backend ended it on its own
	 * (SQLite rolls the whole transaction back after some I/O, full-disk or busy errors).
	 * NULL: the backend never does. Group commit (store/group_commit.c) checks it after
	 * each job, since a job cannot tell that the group's transaction is gone. */
	int (*tx_active)(struct store *s);
	/* Inside store_read_begin's read transaction (which it starts if no statement has yet):
	 * a number that differs from the last one read on this connection whenever the database
	 * changed since, by this connection or any other, in this process or another. Returns 1
	 * with *version set, 0 when there is no such number. NULL: the backend has none
	 * (PostgreSQL). */
	int (*read_version)(struct store *s, uint64_t *version);
	const struct gx_embedded *migrations;
};

struct store {
	const struct store_driver *drv;
	enum store_backend backend;
	int tx_depth;         /* 0: none; 1: a transaction; n > 1: n - 1 savepoints inside it */
	/* Levels owned by group commit (store/group_commit.c): while a job runs inside the group's
	 * transaction and its own savepoint, tx_base is 2 and the job sees no transaction of its
	 * own (store_in_transaction is 0); its begin/commit become SAVEPOINT/RELEASE. 0 otherwise. */
	int tx_base;
	struct store_scope scope;   /* whose rows reads and writes may touch (store_scope.h) */
	int retryable;        /* the last failure was a serialization failure or deadlock */
	struct sql_cache *sql_cache;   /* record_store.c's generated SQL (store/sql_cache.h) */
	int stream_reads;     /* > 0: results arrive row by row (store_stream_reads) */
	int read_tx;          /* 1 while store_read_begin's read transaction is open */
	int defer_dashboard;  /* store_dashboard_defer: one-customer folds left to a batch */
};

/* Convenience layer over the driver, used by every store_*.c file. */
enum gx_err db_prepare(struct store *s, const char *sql, struct db_stmt **st, struct gx_error *err);
enum gx_err db_step(struct store *s, struct db_stmt *st, int *row, struct gx_error *err);
void db_reset(struct store *s, struct db_stmt *st);
enum gx_err db_exec_script(struct store *s, const char *sql, struct gx_error *err);

/* Binds by a type string: 'i' int64, 'I' int64 where 0 means NULL (optional foreign keys),
 * 'd' double, 't' text (NULL → NULL), 'n' NULL. Placeholders are numbered from 1. */
void db_bindv(struct store *s, struct db_stmt *st, const char *types, ...);
/* Prepare + bind + step once + reset: for INSERT/UPDATE/DELETE without results. *changes may
 * be NULL. */
enum gx_err db_exec(struct store *s, const char *sql, int64_t *changes, struct gx_error *err,
                    const char *types, ...);
/* Prepare + bind + step once; returns the first column as int64 of the first row (for
 * INSERT … RETURNING id and COUNT(*)); *found = 0 when there is no row. */
enum gx_err db_query_i64(struct store *s, const char *sql, int64_t *out, int *found,
                         struct gx_error *err, const char *types, ...);

int64_t db_col_i64(struct store *s, struct db_stmt *st, int col);
double db_col_double(struct store *s, struct db_stmt *st, int col);
const char *db_col_text(struct store *s, struct db_stmt *st, int col);
int db_col_is_null(struct store *s, struct db_stmt *st, int col);

void db_names_free(char **names, size_t n);
void db_columns_free(struct db_column *cols, size_t n);

#endif
