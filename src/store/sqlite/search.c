/* Placeholder search index until the FTS5 tokenizer lands: indexes nothing and answers every
 * query with "unavailable". Replaced by the search branch. */
#include "store/sqlite/search.h"
#include "store/sqlite/sqlite_store.h"

enum gx_err sqlite_search_index_put(sqlite3 *db, const char *entity, int64_t entity_id,
                                    const char *const *fields, size_t nfields, const char *code,
                                    const char *phone_normalized, struct gx_error *err)
{
	return GX_OK;
}

enum gx_err sqlite_search_index_delete(sqlite3 *db, const char *entity, int64_t entity_id,
                                       struct gx_error *err)
{
	return GX_OK;
}

enum gx_err sqlite_search_query(sqlite3 *db, const char *query, const char *entity_or_null,
                                int limit, struct search_hit *hits, size_t *nhits, int *more,
                                struct gx_error *err)
{
	*nhits = 0;
	*more = 0;
	return gx_error_set(err, GX_EUNAVAIL, NULL, "search is not available yet");
}

enum gx_err sqlite_search_register(sqlite3 *db, struct gx_error *err)
{
	return GX_OK;
}
