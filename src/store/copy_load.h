/* Writing rows fast into the target of a copy (store/copy.c): a table loader that uses the
 * backend's bulk load where there is one (PostgreSQL COPY) and prepared multi-row INSERTs
 * otherwise (SQLite), and the dropping and rebuilding of secondary indexes (and, on PostgreSQL,
 * foreign keys) around the load. */
#ifndef GX_STORE_COPY_LOAD_H
#define GX_STORE_COPY_LOAD_H

#include <stddef.h>

#include "guanxi/arena.h"
#include "guanxi/error.h"

struct store;
struct db_stmt;

struct copy_loader {
	struct store *s;
	char *table;
	char **cols;
	size_t ncols;
	int bulk;                 /* the driver's bulk load is open */
	struct db_stmt *one;      /* INSERT of one row */
	struct db_stmt *many;     /* INSERT of per rows */
	size_t per, pending;      /* rows per multi-row INSERT; rows waiting in vals */
	char **vals;              /* pending rows' values (arena copies), NULL for SQL NULL */
	struct gx_arena a;
};

/* Starts loading rows of table (columns cols, copied) into s. */
enum gx_err copy_loader_open(struct copy_loader *l, struct store *s, const char *table,
                             char *const *cols, size_t ncols, struct gx_error *err);
/* One row: ncols values, NULL for SQL NULL (copied; the caller's strings may go). */
enum gx_err copy_loader_row(struct copy_loader *l, const char *const *vals, struct gx_error *err);
/* Writes what is pending and ends the load (only cleans up when e is not GX_OK); returns the
 * outcome, e if it was a failure already. */
enum gx_err copy_loader_close(struct copy_loader *l, enum gx_err e, struct gx_error *err);

/* What was dropped for the load (driver bulk_defs): the statements that dropped it and those
 * that create it again. */
struct copy_indexes {
	char **drops, **creates;
	size_t n;
};

/* Drops the secondary indexes (and foreign keys where the backend says so) of s, inside the
 * caller's transaction; nothing when the backend cannot list them. */
enum gx_err copy_indexes_drop(struct store *s, struct copy_indexes *ix, struct gx_error *err);
/* Builds them again (when e is GX_OK) and frees the list; returns the outcome. */
enum gx_err copy_indexes_build(struct store *s, struct copy_indexes *ix, enum gx_err e,
                               struct gx_error *err);

#endif
