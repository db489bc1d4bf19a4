/* What every `guanxi analyze <model>` command shares: reading a CSV/xlsx file into named
 * columns (errors name the line and the column), turning option text into model parameters
 * (bad values are usage errors, exit 2), and a report of one or more tables printed as an
 * aligned table, CSV or JSON with headers and category labels in Chinese or English.
 * Adding a model = one cmd_analyze_<family>.c file using these helpers and one line in
 * cli/commands.c. */
#ifndef GX_CLI_ANALYZE_COMMON_H
#define GX_CLI_ANALYZE_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"
#include "guanxi/error.h"
#include "guanxi/i18n.h"

/* Options most analyze commands take, appended to each command's own list. */
#define ANA_OPT_PART {"part", "NAME", N_("print only this part of the report (see the section names in --format json)"), NULL}
#define ANA_OPT_AS_OF {"as-of", "DATE", N_("analysis date YYYY-MM-DD (orders on or after it are ignored)"), "today"}

/* ---- input files ------------------------------------------------------------------------ */

/* A whole file in memory: the header's column names and every data row's cells. */
struct ana_data {
	const char *path;
	size_t ncols, nrows;
	const char **names;           /* header cells, trimmed */
	const char ***cells;          /* nrows × ncols, "" for missing cells */
	unsigned char **types;        /* enum gx_cell_type per cell */
	size_t *lines;                /* line (CSV) or row (xlsx) of each data row */
};

/* Reads path (CSV in UTF-8/GB18030, or .xlsx) into d, memory from a. An unreadable or empty
 * file, a bad row and a file without data rows are errors naming the file and line. */
enum gx_err ana_data_read(struct gx_arena *a, const char *path, struct ana_data *d,
                          struct gx_error *err);
/* Index of the column named name (case-insensitive), or -1. */
int ana_data_col(const struct ana_data *d, const char *name);
/* The same, but a missing column is an error naming the column and the file. */
enum gx_err ana_data_need(const struct ana_data *d, const char *name, int *col,
                          struct gx_error *err);
/* Cell text, trimmed of blanks. */
const char *ana_data_text(const struct ana_data *d, size_t row, int col);
/* A number. Empty cells give NaN when allow_empty, else an error; every error says
 * "FILE: line L, column C (name): …". */
enum gx_err ana_data_num(const struct ana_data *d, size_t row, int col, bool allow_empty,
                         double *out, struct gx_error *err);
/* A whole number within lo..hi. */
enum gx_err ana_data_int(const struct ana_data *d, size_t row, int col, long lo, long hi,
                         long *out, struct gx_error *err);
/* An amount in yuan ("1234.50", "¥1,234.50") as fen; negatives only when allowed. */
enum gx_err ana_data_fen(const struct ana_data *d, size_t row, int col, bool allow_negative,
                         int64_t *out, struct gx_error *err);
/* A date (YYYY-MM-DD and the import forms, or an xlsx date) as a day number. */
enum gx_err ana_data_date(const struct ana_data *d, size_t row, int col, int32_t *out,
                          struct gx_error *err);
/* A yes/no cell: 1/0, yes/no, true/false, y/n, 是/否; empty is no. */
enum gx_err ana_data_bool(const struct ana_data *d, size_t row, int col, bool *out,
                          struct gx_error *err);
/* Sets err for a cell: "FILE: line L, column C (name): <reason>". */
enum gx_err ana_data_cell_error(const struct ana_data *d, size_t row, int col,
                                struct gx_error *err, const char *reason);

/* Groups the rows by the text of column col (e.g. a customer column): group[r] is row r's
 * group, keys[g] the text of group g, groups numbered in order of first appearance. */
void ana_data_group(struct gx_arena *a, const struct ana_data *d, int col, size_t **group,
                    const char ***keys, size_t *n_groups);

/* The file argument of a command that reads only files; prints the usage error otherwise. */
int ana_need_file(struct cli_ctx *ctx, const char *why);

/* ---- options ------------------------------------------------------------------------------ */

/* Each reads the option or its declared default; a bad value prints a usage error naming the
 * option and returns CLI_USAGE (else CLI_OK). */
int ana_opt_double(struct cli_ctx *ctx, const char *name, double *out);
int ana_opt_long(struct cli_ctx *ctx, const char *name, long lo, long hi, long *out);
/* One of choices (NULL-terminated); *out is its index. */
int ana_opt_choice(struct cli_ctx *ctx, const char *name, const char *const *choices, int *out);
/* Exactly n comma-separated numbers; an absent option with no default leaves out unchanged. */
int ana_opt_doubles(struct cli_ctx *ctx, const char *name, double *out, size_t n);
/* A date, "today" meaning today's date in the company's zone (Asia/Shanghai; GUANXI_NOW pins
 * it for tests). */
int ana_opt_date(struct cli_ctx *ctx, const char *name, int32_t *out);
/* yes/no option. */
int ana_opt_bool(struct cli_ctx *ctx, const char *name, bool *out);

/* ---- report ------------------------------------------------------------------------------- */

struct ana_cell {
	const char *text;
	bool json_raw;                /* text is a JSON literal (number, true, false, null) */
};

struct ana_table {
	const char *name;             /* section key, e.g. "summary" */
	const char *title;            /* in the chosen language */
	size_t ncols, nrows, cap, col;
	const char **keys;            /* CSV/JSON column keys */
	const char **heads;           /* table headers in the chosen language */
	struct ana_cell **rows;
	struct gx_arena *a;
};

#define ANA_MAX_TABLES 12

struct ana_report {
	struct cli_ctx *ctx;
	size_t n;
	struct ana_table *t[ANA_MAX_TABLES];
};

void ana_report_init(struct ana_report *r, struct cli_ctx *ctx);
/* A new section. cols is NULL-terminated "key|English header|中文表头". */
struct ana_table *ana_table_add(struct ana_report *r, const char *name, const char *title_en,
                                const char *title_zh, const char *const *cols);
/* Cells of the current row, left to right; a row starts with ana_row. */
void ana_row(struct ana_table *t);
void ana_text(struct ana_table *t, const char *s);
void ana_num(struct ana_table *t, double v, int decimals);   /* NaN: empty / null */
void ana_int(struct ana_table *t, long long v);
void ana_yuan(struct ana_table *t, int64_t fen);             /* exact, 2 decimals */
void ana_bool(struct ana_table *t, bool v);
void ana_null(struct ana_table *t);                          /* no value: empty / null */
/* Prints the report (only the --part section when given); CLI_USAGE for an unknown part. */
int ana_report_print(struct ana_report *r);

/* Chooses by the current language. */
const char *ana_pick(const char *en, const char *zh);

/* Prints err and returns the exit status (1). */
int ana_fail(const struct gx_error *err);

/* ---- database ----------------------------------------------------------------------------- */

struct app_analyze_base;
/* Loads the customer base of --db as of as_of (totals over [from_day, as_of)); prints the
 * error and returns its exit status on failure. */
int ana_db_load(struct cli_ctx *ctx, int32_t from_day, int32_t as_of, struct app_analyze_base *b);

#endif
