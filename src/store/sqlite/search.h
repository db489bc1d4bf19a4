/* Search index of the SQLite store: an FTS5 table with the "gx" tokenizer (docs/search.md).
 * The store calls sqlite_search_register_tokenizer() on every connection it opens, before
 * migrations run, then index_put/index_delete in the same transaction as each write of a
 * searchable record, and sqlite_search_query() for the search box. */
#ifndef GUANXI_STORE_SQLITE_SEARCH_H
#define GUANXI_STORE_SQLITE_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "guanxi/error.h"
#include "guanxi/search.h"

/* Registers the "gx" FTS5 tokenizer on db (needed before 0002_search.sql and any search). */
enum gx_err sqlite_search_register_tokenizer(sqlite3 *db, struct gx_error *err);

/* (Re)indexes one record. entity: "customer", "contact", "lead" or "ticket"; entity_id in
 * [1, 2^48). fields: the texts to search (name, phones, e-mail, code, WeChat …; NULL entries
 * skipped). code and phone_normalized (may be NULL) are also matched exactly (rank class 0).
 * GX_EINVAL for an unknown entity, an id out of range or text that is not UTF-8. */
enum gx_err sqlite_search_index_put(sqlite3 *db, const char *entity, int64_t entity_id,
                                    const char *const *fields, size_t nfields,
                                    const char *code, const char *phone_normalized,
                                    struct gx_error *err);

/* The statements index_put runs: a caller that keeps prepared statements (the store's
 * statement cache) passes them to sqlite_search_index_put_with, which resets them after use;
 * NULL prepares them for the call. Same result as sqlite_search_index_put. */
#define SQLITE_SEARCH_DELETE_SQL "DELETE FROM search_fts WHERE rowid = ?1"
#define SQLITE_SEARCH_INSERT_SQL "INSERT INTO search_fts(rowid, body, py) VALUES (?1, ?2, ?3)"
enum gx_err sqlite_search_index_put_with(sqlite3 *db, sqlite3_stmt *del, sqlite3_stmt *ins,
                                         const char *entity, int64_t entity_id,
                                         const char *const *fields, size_t nfields,
                                         const char *code, const char *phone_normalized,
                                         struct gx_error *err);

/* Staged writes. Each SAVEPOINT makes FTS5 flush the terms pending in the transaction into a
 * new segment of their own (its xSavepoint), so a group commit, which runs every write in a
 * savepoint, left one segment per record and FTS5 soon merged them all at once inside some
 * unlucky write (its crisis merge). Staged, a write only records the document, in a TEMP table
 * of the connection (so a savepoint's rollback takes it back too), and the flush, run just
 * before COMMIT with no savepoint after it, indexes them all: one segment per transaction.
 * SQLITE_SEARCH_STAGE_TABLE creates the table; a put stages the document, a delete a row
 * without body. The flush runs rows (SQLITE_SEARCH_STAGED_SQL), del and ins (NULL: prepared
 * for the call except rows, which the caller prepares), then empties the table. */
#define SQLITE_SEARCH_STAGE_TABLE \
	"CREATE TEMP TABLE IF NOT EXISTS search_staged(doc INTEGER PRIMARY KEY, body TEXT, py TEXT)"
#define SQLITE_SEARCH_STAGE_SQL "INSERT OR REPLACE INTO temp.search_staged(doc, body, py) VALUES (?1, ?2, ?3)"
#define SQLITE_SEARCH_STAGED_SQL "SELECT doc, body, py FROM temp.search_staged"
enum gx_err sqlite_search_stage_put(sqlite3 *db, sqlite3_stmt *stage, const char *entity,
                                    int64_t entity_id, const char *const *fields, size_t nfields,
                                    const char *code, const char *phone_normalized,
                                    struct gx_error *err);
enum gx_err sqlite_search_stage_delete(sqlite3 *db, sqlite3_stmt *stage, const char *entity,
                                       int64_t entity_id, struct gx_error *err);
enum gx_err sqlite_search_stage_flush(sqlite3 *db, sqlite3_stmt *rows, sqlite3_stmt *del,
                                      sqlite3_stmt *ins, struct gx_error *err);

/* Removes one record from the index; removing a record that is not indexed is no error. */
enum gx_err sqlite_search_index_delete(sqlite3 *db, const char *entity, int64_t entity_id,
                                       struct gx_error *err);

/* Searches query (UTF-8) in one entity (entity_or_null) or all. Fills hits[0..*nhits) in rank
 * order: exact code/phone, then prefix, then substring; within a class customers, contacts,
 * leads, tickets, each oldest (lowest id) first. limit <= 0 or > SEARCH_MAX_HITS means
 * SEARCH_MAX_HITS; hits needs room for limit. *more is 1 when further hits exist. Terms (split at spaces) must all match; terms shorter
 * than 2 characters are ignored. GX_EINVAL when nothing of >= 2 characters is left, for
 * invalid UTF-8, for a query longer than SEARCH_MAX_CHARS characters or an unknown entity. */
enum gx_err sqlite_search_query(sqlite3 *db, const char *query, const char *entity_or_null,
                                int limit, struct search_hit *hits, size_t *nhits, int *more,
                                struct gx_error *err);

/* The two statements a query runs, for a caller that keeps prepared statements (the store's
 * statement cache: preparing them was a sixth of a search's CPU): one rank class, and the
 * candidates of a long term. sqlite_search_query_with resets them after use; NULL prepares
 * them for the call. Same result as sqlite_search_query. */
#define SQLITE_SEARCH_CLASS_SQL                                                                  \
	"SELECT rowid FROM search_fts WHERE search_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3 "      \
	"ORDER BY rowid LIMIT ?4"
#define SQLITE_SEARCH_LONG_SQL                                                                   \
	"SELECT rowid, body, py FROM search_fts WHERE search_fts MATCH ?1 "                        \
	"AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid LIMIT ?4"
enum gx_err sqlite_search_query_with(sqlite3 *db, sqlite3_stmt *class_st, sqlite3_stmt *long_st,
                                     const char *query, const char *entity_or_null, int limit,
                                     struct search_hit *hits, size_t *nhits, int *more,
                                     struct gx_error *err);

#endif
