/* Bulk mode of large imports into SQLite (src/store/sqlite/bulk_import.c). When an import
 * brings about as many rows as its table already has or more, maintaining the table's
 * secondary indexes row by row (a B-tree descent and page split per index per row) costs more
 * than building them again by one sort each after the rows are in; and the search index spends
 * most of its time merging the many small segments it flushes. A bulk load therefore, inside
 * the importer's one transaction: drops the tables' secondary indexes that no check of the
 * import reads, gives the connection a larger page cache, lets FTS5 collect more terms in
 * memory per flush and merge less while it runs; and at the end recreates the indexes, merges
 * the search index into one segment and restores every setting, all before the commit, so
 * nothing outside the transaction ever sees a table without its indexes.
 *
 * PostgreSQL keeps the row-by-row path (store_bulk_begin gives NULL there). */
#ifndef GUANXI_BULK_STORE_H
#define GUANXI_BULK_STORE_H
#include <stdint.h>

#include "guanxi/error.h"

struct store;
struct store_bulk;

/* Rows of table (count(*); table is one the importer writes, not user input). */
enum gx_err store_bulk_table_rows(struct store *s, const char *table, int64_t *rows,
                                  struct gx_error *err);
/* Starts a bulk load of the tables (NULL-terminated) inside the open transaction;
 * search_docs: about how many search documents the load writes (0: none; else the FTS5
 * settings, sized by it, and the final merge). *out is NULL (and nothing changed) when the
 * backend has no bulk mode. */
enum gx_err store_bulk_begin(struct store *s, const char *const *tables, uint64_t search_docs,
                             struct store_bulk **out, struct gx_error *err);
/* FTS5's crisismerge for a load of about that many search documents: the smallest value from
 * 64 up that merges each flushed segment at most once before the final merge. */
int store_bulk_crisismerge(uint64_t documents);
/* Builds again, before the load's first write through the general path (app_order_save),
 * the dropped indexes that path reads; once per load, nothing when b is NULL. */
enum gx_err store_bulk_restore_reads(struct store_bulk *b, struct gx_error *err);
/* Recreates the dropped indexes, merges the search index and restores the settings, inside
 * the still open transaction; frees b (also on failure; the caller then rolls back). */
enum gx_err store_bulk_end(struct store_bulk *b, struct gx_error *err);
/* After a rollback (which brought the indexes back): restores the connection settings, frees b. */
void store_bulk_abort(struct store_bulk *b);

#endif
