/* Entry points of the SQLite backend used by store/store.c. */
#ifndef GX_STORE_SQLITE_STORE_H
#define GX_STORE_SQLITE_STORE_H

#include <sqlite3.h>

#include "guanxi/search_merge.h"
#include "guanxi/store.h"

enum gx_err sqlite_store_open(const char *path, const struct store_open_options *opts,
                              struct store **out, struct gx_error *err);
/* The raw handle, for backend-internal code and tests; NULL for another backend. */
sqlite3 *sqlite_store_handle(struct store *s);
/* One FTS5 command on the search index (INSERT INTO search_fts(search_fts, rank) VALUES (cmd,
 * arg)): a setting such as 'automerge', or 'merge'. In fts_merge.c. */
enum gx_err sqlite_fts_command(sqlite3 *db, const char *cmd, long long arg, struct gx_error *err);
/* An FTS5 setting of search_fts as found (include/guanxi/search_merge.h), so that it can be
 * put back exactly (fts_merge.c). */
enum gx_err sqlite_fts_setting_read(sqlite3 *db, const char *key, struct search_merge_setting *out,
                                    struct gx_error *err);
/* Sets key back to what was read: the stored value, or `dflt` (FTS5's default) with its row
 * removed, so that the database holds what it held before. */
enum gx_err sqlite_fts_setting_restore(sqlite3 *db, const char *key, const struct search_merge_setting *was,
                                       long long dflt, struct gx_error *err);
/* Registers the SQL functions queries rely on (gx_fold) on a new connection. */
enum gx_err sqlite_functions_register(sqlite3 *db, struct gx_error *err);


/* Driver operations of store/driver.h implemented in sqlite_schema.c. */
struct db_column;
enum gx_err sqlite_schema_tables(struct store *s, char ***names, size_t *n, struct gx_error *err);
enum gx_err sqlite_schema_columns(struct store *s, const char *table, struct db_column **cols,
                                  size_t *n, struct gx_error *err);
enum gx_err sqlite_tx_begin_snapshot(struct store *s, struct gx_error *err);
enum gx_err sqlite_search_clear(struct store *s, struct gx_error *err);
enum gx_err sqlite_check_integrity(struct store *s, struct gx_error *err);
enum gx_err sqlite_backup_to_file(struct store *s, const char *path, struct gx_error *err);
enum gx_err sqlite_bulk_defs(struct store *s, char ***drops, char ***creates, size_t *n,
                             struct gx_error *err);

#endif
