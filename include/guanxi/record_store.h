/* Generic persistence of entity records (see guanxi/entity.h): insert, get, update with
 * optimistic locking, soft delete, restore, purge, and filtered, sorted, cursor-paged lists.
 * Side tables (roles, tags) and multi-row rules live in the entity-specific store files. */
#ifndef GUANXI_RECORD_STORE_H
#define GUANXI_RECORD_STORE_H

#include "guanxi/entity.h"
#include "guanxi/filter.h"
#include "guanxi/store.h"

/* Inserts the record's non-null fields; created_at/updated_at are set to now. Fills r->id. */
enum gx_err store_record_insert(struct store *s, struct record *r, struct gx_error *err);

/* The same with the id the caller took from store_record_next_id (r->id). */
enum gx_err store_record_insert_with_id(struct store *s, struct record *r, struct gx_error *err);
/* An id for a new row of the entity's table, to insert with store_record_insert_with_id when
 * something derives from it (a generated code): PostgreSQL takes it from the identity
 * sequence, so concurrent writers never read the same key range; elsewhere MAX(id) + 1. */
enum gx_err store_record_next_id(struct store *s, const struct entity_def *def, int64_t *id,
                                 struct gx_error *err);

/* Loads by id, deleted rows included (r->deleted_at tells). GX_ENOTFOUND when absent. */
enum gx_err store_record_get(struct store *s, const struct entity_def *def, int64_t id,
                             struct gx_arena *a, struct record *r, struct gx_error *err);
/* visible[i] = 1 when the row ids[i] exists and the current row scope shows it (exactly when
 * store_record_get would find it), else 0; reads only the ids. */
enum gx_err store_record_visible(struct store *s, const struct entity_def *def, const int64_t *ids, size_t n,
                                 unsigned char *visible, struct gx_error *err);
/* Loads by a unique text field (usually def->code_field). *found = 0 when absent. */
enum gx_err store_record_find(struct store *s, const struct entity_def *def, const char *field,
                              const char *value, struct gx_arena *a, struct record *r, int *found,
                              struct gx_error *err);

/* Resolves a unique text field (a code) or, with field NULL, an id given as text, to the
 * record's id and whether it is deleted, reading nothing else: what references need, cheaply.
 * *found = 0 when absent. */
enum gx_err store_record_lookup(struct store *s, const struct entity_def *def, const char *field,
                                const char *value, int64_t id, int64_t *out_id, int *deleted,
                                int *found, struct gx_error *err);

/* Writes the fields marked set. When expected_version > 0 the row must still have it, else
 * GX_ECONFLICT. The version is incremented and updated_at set. */
enum gx_err store_record_update(struct store *s, struct record *r, int64_t expected_version,
                                struct gx_error *err);

/* The highest id in the entity's table (0 when empty), for generated codes. */
enum gx_err store_record_max_id(struct store *s, const struct entity_def *def, int64_t *max_id,
                                struct gx_error *err);

/* Soft delete (deleted_at = now) or restore (deleted_at = NULL). */
enum gx_err store_record_set_deleted(struct store *s, const struct entity_def *def, int64_t id,
                                     int deleted, struct gx_error *err);
/* Removes the row for good. */
enum gx_err store_record_purge(struct store *s, const struct entity_def *def, int64_t id,
                               struct gx_error *err);

enum store_deleted { STORE_LIVE, STORE_DELETED, STORE_ANY };

struct store_list_query {
	struct filter_node *filter;   /* may be NULL */
	enum store_deleted deleted;
	const char *sort_field;       /* a field name or "id" (default) */
	int descending;
	int limit;                    /* 1..1000, default 50 */
	const char *cursor;           /* opaque, from a previous page's next_cursor */
	int visible_only;             /* hidden fields (FF_HIDDEN) left NULL: for answers that never
	                               * show them (the API's list pages) */
};

struct store_list_result {
	struct record *rows;
	size_t count;
	const char *next_cursor;      /* NULL on the last page */
};

enum gx_err store_record_list(struct store *s, const struct entity_def *def,
                              const struct store_list_query *q, struct gx_arena *a,
                              struct store_list_result *out, struct gx_error *err);
enum gx_err store_record_count(struct store *s, const struct entity_def *def,
                               const struct store_list_query *q, int64_t *count,
                               struct gx_error *err);
/* The count of matching rows, reading at most upto + 1 of them: *count is exact when it is
 * <= upto and upto + 1 when there are more. A list page's total costs a read of every
 * matching row; this bounds it (the API's list total, DECISIONS.md-style "1,000+"). */
enum gx_err store_record_count_upto(struct store *s, const struct entity_def *def,
                                    const struct store_list_query *q, int64_t upto,
                                    int64_t *count, struct gx_error *err);

/* Streams every matching row (no paging) to fn, in id order; for exports. fn returns non-zero
 * to stop. The arena is reset between rows. */
enum gx_err store_record_each(struct store *s, const struct entity_def *def,
                              const struct store_list_query *q,
                              int (*fn)(const struct record *r, void *ctx), void *ctx,
                              struct gx_error *err);

#endif
