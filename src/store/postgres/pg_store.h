/* Entry points of the PostgreSQL backend used by store/store.c, and the search functions the
 * driver (pg_driver.c) takes from pg_search.c. */
#ifndef GX_STORE_PG_STORE_H
#define GX_STORE_PG_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/search.h"
#include "guanxi/store.h"

/* Connects to url (postgres://… or postgresql://…, any libpq URI). The database must exist;
 * opts->busy_timeout_ms becomes the session's lock_timeout (default 5000). */
enum gx_err pg_store_open(const char *url, const struct store_open_options *opts,
                          struct store **out, struct gx_error *err);

/* Rewrites `?` and `?N` placeholders outside literals, quoted names and comments to `$N`
 * (a bare `?` takes the number after the largest so far, as SQLite numbers them). Returns a
 * new string (free()) and the number of parameters in *nparams. */
char *pg_rewrite_placeholders(const char *sql, int *nparams);

/* Runs sql ($n placeholders) with text parameters as an unnamed statement, planned for these
 * values; for queries whose best plan depends on them (search). Reconnects like every other
 * statement. *res (PQclear it) holds the rows. */
struct pg_result;
enum gx_err pg_query_params(struct store *s, const char *sql, int nparams, const char *const *vals,
                            struct pg_result **res, struct gx_error *err);
int pg_result_rows(const struct pg_result *res);
int64_t pg_result_i64(const struct pg_result *res, int row, int col);
void pg_result_free(struct pg_result *res);

enum gx_err pg_search_put(struct store *s, const char *entity, int64_t id,
                          const char *const *fields, size_t nfields, const char *code,
                          const char *phone_norm, struct gx_error *err);
enum gx_err pg_search_delete(struct store *s, const char *entity, int64_t id, struct gx_error *err);
enum gx_err pg_search_query(struct store *s, const char *query, const char *entity, int limit,
                            struct search_hit *hits, size_t *nhits, int *more,
                            struct gx_error *err);

/* Driver operations of store/driver.h implemented in pg_schema.c. */
struct db_column;
enum gx_err pg_schema_tables(struct store *s, char ***names, size_t *n, struct gx_error *err);
enum gx_err pg_schema_columns(struct store *s, const char *table, struct db_column **cols,
                              size_t *n, struct gx_error *err);
enum gx_err pg_tx_begin_snapshot(struct store *s, struct gx_error *err);
enum gx_err pg_identity_reset(struct store *s, const char *table, struct gx_error *err);
enum gx_err pg_next_id(struct store *s, const char *table, int64_t *id, struct gx_error *err);
enum gx_err pg_search_clear(struct store *s, struct gx_error *err);
enum gx_err pg_bulk_defs(struct store *s, char ***drops, char ***creates, size_t *n,
                         struct gx_error *err);

/* Bulk loading with COPY FROM STDIN (pg_bulk.c) and the driver internals it needs: the
 * connection freed of any streaming result, the store's slot for the load in progress, and
 * the driver's mapping of a failed result to an error. */
#include <libpq-fe.h>
struct pg_bulk;
PGconn *pg_conn_claim(struct store *s);
struct pg_bulk **pg_bulk_slot(struct store *s);
enum gx_err pg_result_error(struct store *s, const PGresult *res, struct gx_error *err);
void pg_bulk_free(struct pg_bulk *b);
enum gx_err pg_bulk_begin(struct store *s, const char *table, const char *const *cols,
                          size_t ncols, struct gx_error *err);
enum gx_err pg_bulk_row(struct store *s, const char *const *vals, struct gx_error *err);
enum gx_err pg_bulk_end(struct store *s, int abort, struct gx_error *err);
/* 1 while a COPY into search_docs is open (pg_search_put then writes rows into it). */
int pg_bulk_is_search(struct store *s);
enum gx_err pg_search_bulk(struct store *s, int on, struct gx_error *err);

#endif
