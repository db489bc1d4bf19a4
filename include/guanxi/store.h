/* The storage interface. A `struct store` is one open database: SQLite (a file path or
 * sqlite:PATH) or PostgreSQL (postgres://…). Everything above store/ talks to the database
 * through the functions declared here and in store_*.h; no SQL text exists above store/.
 *
 * A store handle is used by one thread at a time (the server keeps a pool of them). */
#ifndef GUANXI_STORE_H
#define GUANXI_STORE_H

#include <stdint.h>

#include "guanxi/error.h"

struct store;

enum store_backend { STORE_SQLITE, STORE_POSTGRES };

struct store_open_options {
	int create;           /* create the database file if it does not exist */
	int migrate;          /* apply pending migrations on open */
	int busy_timeout_ms;  /* how long to wait for a lock (SQLite); default 5000 */
};

/* Opens url: "PATH", "sqlite:PATH", or "postgres://…". */
enum gx_err store_open(const char *url, const struct store_open_options *opts,
                       struct store **out, struct gx_error *err);
void store_close(struct store *s);

/* Large reads ahead (exports, db copy, scoring): on 1, results of the statements run through s
 * arrive row by row instead of whole (PostgreSQL single-row mode; SQLite always streams), so
 * memory stays bounded however many rows a scan returns; 0 ends it. Calls nest. */
void store_stream_reads(struct store *s, int on);
enum store_backend store_backend(const struct store *s);

/* Applies every migration not yet recorded, each in its own transaction; *applied gets the
 * number applied (may be NULL). */
enum gx_err store_migrate(struct store *s, int *applied, struct gx_error *err);
/* The highest migration version recorded, 0 for an empty database. */
enum gx_err store_schema_version(struct store *s, int *version, struct gx_error *err);
/* PostgreSQL: gathers the planner's statistics of every table (ANALYZE) and recounts the
 * search's common grams, after a load that filled the database (a demo). Until autovacuum
 * first analyzes them, freshly filled tables have none, and the planner's guesses can make a
 * join of a few thousand rows run for minutes. Does nothing on SQLite, whose queries are
 * planned without statistics. */
enum gx_err store_planner_stats_refresh(struct store *s, struct gx_error *err);

/* Transactions. begin is IMMEDIATE on SQLite (a writer takes the lock at once, so two writers
 * never deadlock upgrading read locks). A begin inside a transaction opens a savepoint: its
 * rollback undoes only what was written since, and the outer transaction goes on. */
enum gx_err store_begin(struct store *s, struct gx_error *err);
enum gx_err store_commit(struct store *s, struct gx_error *err);
void store_rollback(struct store *s);
int store_in_transaction(const struct store *s);
/* 1 when the last failed transaction failed only because a concurrent one won (PostgreSQL
 * SQLSTATE 40001 serialization failure or 40P01 deadlock): running the whole unit of work again
 * may succeed. Cleared when the next transaction begins. */
int store_failure_retryable(const struct store *s);
/* A read-only request's statements in one read transaction (SQLite; nothing on PostgreSQL):
 * every statement sees the same snapshot, and the WAL read lock is taken once per request
 * instead of once per statement (per statement it was about a fifth of a GET by id). A
 * store_begin while it is open ends it first and starts an ordinary write transaction, so a
 * read request that writes (an audited export) still works. store_read_end ends it; both are
 * no-ops when not applicable. */
void store_read_begin(struct store *s);
void store_read_end(struct store *s);
/* Inside store_read_begin's read transaction only: a number that changes whenever the database
 * changes, whoever changes it (SQLite's data version). What was read under an equal number
 * earlier on this connection is still what the database holds, so it may be kept instead of
 * read again. Returns 0 (nothing to compare) outside such a transaction or on PostgreSQL. */
int store_read_version(struct store *s, uint64_t *version);

/* Settings: company-wide key/value pairs (company time zone, pool limits, ...). */
enum gx_err store_setting_get(struct store *s, const char *key, char *buf, size_t size,
                              int *found, struct gx_error *err);
enum gx_err store_setting_set(struct store *s, const char *key, const char *value,
                              struct gx_error *err);

#endif
