/* The row-scope predicate of guanxi/store_scope.h rendered as parameterised SQL over an
 * entity's scope columns, for record_store.c and the search filter. Column and table names
 * come from the entity tables; the user, team and department ids are parameters. */
#ifndef GX_STORE_SCOPE_SQL_H
#define GX_STORE_SCOPE_SQL_H

#include "guanxi/entity.h"
#include "store/sql_params.h"

/* 1 when rows of def are narrowed by the store's current scope. */
int scope_sql_active(const struct store *s, const struct entity_def *def);
/* Appends " AND (<predicate>)" when the scope narrows def; nothing otherwise. */
void scope_sql_where(const struct store *s, const struct entity_def *def, struct sql_build *b);
/* 1 when selects of def carry a trailing "owned" column (1/0) so that FF_MASKED fields of rows
 * the user does not own can be masked. */
int scope_sql_masks(const struct store *s, const struct entity_def *def);
/* Appends ", <owned expression>" (see scope_sql_masks). */
void scope_sql_owned(const struct store *s, const struct entity_def *def, struct sql_build *b);

/* Drops the search hits (at most SEARCH_MAX_HITS + 1) the scope does not show, keeping the
 * order: one query per scoped entity among them. */
enum gx_err scope_sql_filter_hits(struct store *s, struct search_hit *hits, size_t *n,
                                  struct gx_error *err);

#endif
