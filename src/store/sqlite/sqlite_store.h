/* Entry points of the SQLite backend used by store/store.c. */
#ifndef GX_STORE_SQLITE_STORE_H
#define GX_STORE_SQLITE_STORE_H

#include <sqlite3.h>

#include "guanxi/store.h"

enum gx_err sqlite_store_open(const char *path, const struct store_open_options *opts,
                              struct store **out, struct gx_error *err);
/* The raw handle, for backend-internal code and tests; NULL for another backend. */
sqlite3 *sqlite_store_handle(struct store *s);
/* Registers the SQL functions queries rely on (gx_fold) on a new connection. */
enum gx_err sqlite_functions_register(sqlite3 *db, struct gx_error *err);

#endif
