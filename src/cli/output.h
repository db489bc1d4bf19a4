/* Printing records and tables in the three CLI formats: an aligned table for people (CJK
 * characters count two columns), CSV (RFC 4180) and JSON for scripts. */
#ifndef GX_CLI_OUTPUT_H
#define GX_CLI_OUTPUT_H

#include "cli/cli.h"
#include "guanxi/app.h"
#include "guanxi/entity.h"

struct out_table {
	size_t ncols, nrows, cap;
	const char **headers;
	const char ***cells;        /* nrows × ncols */
	struct gx_arena *a;
};

void out_table_init(struct out_table *t, struct gx_arena *a, size_t ncols, const char *const *headers);
/* Adds a row; the strings must live as long as the table's arena. */
void out_table_add(struct out_table *t, const char *const *cells);
void out_table_print(const struct cli_ctx *ctx, const struct out_table *t);

/* Records as a table/CSV/JSON with the given columns (field names, plus "id", "version",
 * "created_at", "updated_at", "deleted_at"). Money columns show yuan in tables and CSV and
 * integer fen in JSON. */
void out_records(const struct cli_ctx *ctx, struct app *app, const struct record *rows, size_t n,
                 const char *const *columns, size_t ncolumns);
/* One record as "label: value" lines (table) or a JSON object / CSV with one row. */
void out_record(const struct cli_ctx *ctx, struct app *app, const struct record *r);
/* Display width of UTF-8 text in terminal columns (East Asian wide = 2). */
int out_text_width(const char *s);

#endif
