/* Importing and exporting customers, contacts, products, orders (with lines), interactions and
 * the organisation, as PRODUCT.md "Import" and DECISIONS.md "Import and export" say: CSV in
 * UTF-8 or GB18030 and .xlsx; columns matched by field name or by their Chinese or English
 * label; every bad row rejected with line, column and reason and written to a rejected-rows
 * file; good rows committed in batches (or all or nothing); re-runs update by code; one job
 * and one audit row per import. */
#ifndef GUANXI_IMPORT_H
#define GUANXI_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "guanxi/app.h"
#include "guanxi/encoding.h"
#include "guanxi/filter.h"

struct import_opts {
	enum gx_encoding encoding;
	const char *sheet;            /* xlsx sheet, NULL for the first */
	int all_or_nothing;
	int force;                    /* create customers despite duplicate phone/e-mail/USCC */
	const char *rejected_path;    /* where rejected rows go (CSV); NULL: not written */
	size_t batch_rows;            /* rows per transaction; 0: 1000 (customers 5000, orders 20000 lines) */
	/* Bulk mode (include/guanxi/bulk_store.h): the whole file in one transaction, secondary
	 * indexes rebuilt after. OFF (the zero value) for callers that need the batch commits
	 * (the import wizard); AUTO chooses by import_bulk_wanted; ON forces it where supported. */
	enum import_bulk { IMPORT_BULK_OFF, IMPORT_BULK_AUTO, IMPORT_BULK_ON } bulk;
	/* Called now and then with the rows read so far and the bytes consumed of total. */
	void (*progress)(void *ctx, size_t rows, uint64_t bytes, uint64_t total);
	/* Called for each rejected row (at most every row; the CLI prints the first few). */
	void (*rejected)(void *ctx, size_t line, size_t column, const char *message);
	/* Called after each committed batch, before the next begins: no transaction of the
	 * importer's is open then (the caller's own may be), so the caller may write through the
	 * same connection (the import wizard records its progress there). */
	void (*committed)(void *ctx);
	/* Called once with the id of the import's jobs row, in the transaction that writes the row
	 * (the caller's own, else one of the importer's around just the two): what it writes
	 * through the same connection commits with the row or not at all. The import wizard
	 * records the id on its run there, so that no kill of its server can leave the jobs row
	 * running with no run naming it. An error fails the import before it reads a row. */
	enum gx_err (*job_started)(void *ctx, int64_t job_id, struct gx_error *err);
	void *ctx;
};

struct import_result {
	size_t rows;                  /* data rows read */
	size_t created, updated, rejected;
	enum gx_encoding encoding;    /* what the CSV was read as */
	int64_t job_id;
	int rolled_back;              /* all_or_nothing and something was rejected */
	int bulk;                     /* the import ran in bulk mode */
	char ignored[512];            /* columns not imported (unknown or system), comma-separated */
};

/* The entities that can be imported and exported, by the names the CLI takes (plural). */
const struct entity_def *import_entity(const char *name);

/* The bulk rule: 1 when a file of file_rows data rows into a table of table_rows rows is
 * cheaper in bulk mode (see import.c for the measurements behind it). */
int import_bulk_wanted(uint64_t file_rows, int64_t table_rows);

enum gx_err app_import(struct app *app, const struct entity_def *def, const char *path,
                       const struct import_opts *opts, struct import_result *res,
                       struct gx_error *err);

enum export_format { EXPORT_CSV, EXPORT_XLSX };

struct export_opts {
	enum export_format format;
	int template_only;            /* just the header row (and no audit) */
	int bom;                      /* CSV: UTF-8 BOM so Excel shows Chinese correctly */
	struct filter_node *filter;
	int include_deleted;
};

/* Writes the entity's rows to path (NULL: stdout, CSV only). Headers are the column labels in
 * the current language, which app_import reads back. Counts rows into *rows. Audited. */
enum gx_err app_export(struct app *app, const struct entity_def *def, const char *path,
                       const struct export_opts *opts, size_t *rows, struct gx_error *err);

#endif
