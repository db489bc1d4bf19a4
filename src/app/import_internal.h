/* What src/app/import.c shares with the entity-specific importers (import_orders.c): the
 * state of one import run and the helpers that turn a row's cells into a record and report a
 * rejected row. Private to app/. */
#ifndef GX_APP_IMPORT_INTERNAL_H
#define GX_APP_IMPORT_INTERNAL_H

#include <stdio.h>

#include "guanxi/import.h"
#include "guanxi/table.h"

/* One column of the file: which field of the record (or of the order line) it fills. */
struct column {
	int field;        /* index in def (or in entity_order_line when line) or -1: ignored */
	int line;
};

struct order_import;

struct import_run {
	struct app *app;
	const struct entity_def *def;
	const struct import_opts *opts;
	struct import_result *res;
	struct column *cols;
	size_t ncols;
	const struct gx_table_row *header;
	struct gx_csv_writer *rejected_out;
	FILE *rejected_fp;
	struct order_import *orders;   /* orders: the order being gathered (import_orders.c) */
	struct customer_keys *ckeys;   /* customers: the stored keys, to skip look-ups of new ones */
};

void import_write_rejected(struct import_run *run, const char *const *cells, size_t ncells,
                           size_t line, size_t column, const char *message);
/* The 1-based column of the file that fills field (of the order line when line), 0: none. */
int import_column_of_field(const struct import_run *run, const char *field, int line);
/* Fills r from the row's cells of the given kind (line = 0 record fields, 1 order-line fields). */
enum gx_err import_row_to_record(struct import_run *run, const struct gx_table_row *row, int line,
                                 struct record *r, int skip_empty, struct gx_arena *a,
                                 size_t *bad_col, struct gx_error *err);

/* Order lines per transaction unless the caller says: an order line is small, and each commit
 * of SQLite (synchronous=FULL) waits for the disk and copies the pages it touched again. */
#define ORDER_IMPORT_BATCH_ROWS 20000

/* Orders (import_orders.c): rows are gathered per order_no and saved when the number changes. */
struct order_import *order_import_new(struct import_run *run);
/* Takes one row of an order file; a failure of the database (not a bad row) is returned. */
enum gx_err order_import_row(struct order_import *oi, const struct gx_table_row *row,
                             struct gx_error *err);
/* Saves (or rejects) the order gathered so far. */
enum gx_err order_import_flush(struct order_import *oi, struct gx_error *err);
/* Bulk mode (SQLite, the load is one transaction holding the write lock): new orders are
 * written several per statement with ids given by the importer (import_order_batch.c); the
 * first order that takes the general path has the load build the indexes it reads first. */
struct store_bulk;
void order_import_set_bulk(struct order_import *oi, struct store_bulk *bulk);
/* Writes what the importer keeps back until a commit; called before each commit (all = 1)
 * and, in bulk mode, after each batch of rows (all = 0: the orders, while the customers'
 * last contact waits for the end of the load). */
enum gx_err order_import_sync(struct order_import *oi, int all, struct gx_error *err);
void order_import_free(struct order_import *oi);

#endif
