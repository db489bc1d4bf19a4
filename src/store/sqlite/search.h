/* SQLite search index (FTS5 with our own tokenizer). */
#ifndef GX_STORE_SQLITE_SEARCH_H
#define GX_STORE_SQLITE_SEARCH_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "guanxi/error.h"
#include "guanxi/search.h"

enum gx_err sqlite_search_index_put(sqlite3 *db, const char *entity, int64_t entity_id,
                                    const char *const *fields, size_t nfields, const char *code,
                                    const char *phone_normalized, struct gx_error *err);
enum gx_err sqlite_search_index_delete(sqlite3 *db, const char *entity, int64_t entity_id,
                                       struct gx_error *err);
enum gx_err sqlite_search_query(sqlite3 *db, const char *query, const char *entity_or_null,
                                int limit, struct search_hit *hits, size_t *nhits, int *more,
                                struct gx_error *err);

#endif
