/* SQL text that record_store.c builds from an entity's field table, kept per store connection
 * so that bulk paths (an import: a lookup, an insert, a get per row) do not rebuild the same
 * text with printf and malloc for every row. Keyed by entity, statement kind and a small byte
 * key (which columns an INSERT names, which column a lookup reads). Entity definitions are
 * static tables (include/guanxi/entity.h), so their address identifies them. */
#ifndef GUANXI_STORE_SQL_CACHE_H
#define GUANXI_STORE_SQL_CACHE_H

#include <stddef.h>

struct store;
struct sql_cache;

/* The cached text, or NULL. */
const char *sql_cache_get(struct store *s, const void *def, int kind, const unsigned char *key,
                          size_t nkey);
/* Keeps a copy of sql under the key and returns the copy. */
const char *sql_cache_put(struct store *s, const void *def, int kind, const unsigned char *key,
                          size_t nkey, const char *sql);
/* Frees the cache of a store (store_close). */
void sql_cache_free(struct sql_cache *c);

#endif
