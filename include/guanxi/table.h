/* Tabular files: the layer every importer and exporter stands on. Readers turn a CSV file
 * (UTF-8 or GB18030, RFC 4180 as Excel writes it) or an .xlsx workbook into rows of UTF-8 cells
 * with the line (CSV) or row number (xlsx) each came from; writers produce CSV and .xlsx.
 * Everything streams: memory stays bounded whatever the file size. Nothing here knows about
 * customers or orders: cells are text, plus a type tag for xlsx cells.
 *
 * Errors come in two kinds. A file-level error (the return code of an open or next call) means
 * the file cannot be read further. A row-level error (row->status) means this row is bad (field
 * too large, too many columns, invalid bytes) and the caller may reject it and read on. */
#ifndef GUANXI_TABLE_H
#define GUANXI_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "guanxi/encoding.h"
#include "guanxi/error.h"

#define GX_TABLE_MAX_FIELD_DEFAULT   (1024 * 1024)          /* 1 MiB per cell */
#define GX_TABLE_MAX_COLUMNS_DEFAULT 16384                  /* Excel's column limit */
#define GX_TABLE_MAX_ROW_DEFAULT     (16 * 1024 * 1024)     /* all cells of a row together */
#define GX_TABLE_MAX_XLSX_DEFAULT    (1024ULL * 1024 * 1024) /* uncompressed bytes read */
#define GX_XLSX_MAX_ROWS             1048576                 /* Excel's rows per sheet */

enum gx_cell_type {
	GX_CELL_TEXT = 0,   /* all CSV cells; xlsx strings */
	GX_CELL_EMPTY,      /* xlsx: no value (also gaps between cells) */
	GX_CELL_NUMBER,     /* xlsx: the text is the number as stored ("1234.5") */
	GX_CELL_DATE,       /* xlsx: a number with a date format; the text is the Excel serial in
	                     * the 1900 date system (1904-system workbooks are shifted to it) */
	GX_CELL_BOOL        /* xlsx: "TRUE" or "FALSE" */
};

struct gx_table_row {
	size_t line;                /* CSV: physical line where the record starts; xlsx: row number */
	size_t ncells;
	const char *const *cells;   /* ncells NUL-terminated UTF-8 strings */
	const size_t *lens;         /* their lengths in bytes */
	const unsigned char *types; /* enum gx_cell_type of each cell */
	enum gx_err status;         /* GX_OK, or why this row is rejected (reading may go on) */
	size_t err_column;          /* 1-based column of that error, 0 for the whole row */
	struct gx_error error;      /* its message, "line L, column C: reason" */
};

/* Options common to the readers; zero values mean the defaults above. */
struct gx_table_read_opts {
	enum gx_encoding encoding;  /* CSV only: auto (default), UTF-8 or GB18030 */
	const char *sheet;          /* xlsx only: sheet name, NULL for the first sheet */
	size_t max_field_bytes;
	size_t max_columns;
	size_t max_row_bytes;
	uint64_t max_xlsx_bytes;    /* cap on uncompressed bytes read from an .xlsx (zip bombs) */
};

/* ---- CSV reader (src/core/csv_reader.c), over libcsv ----
 * RFC 4180 as Excel and WPS write it: CRLF or LF, quoted fields with commas, newlines and
 * doubled quotes, a UTF-8 BOM. Spaces and tabs around an unquoted field are dropped (inside
 * quotes they are kept); blank lines are skipped. Row errors: field too large, too many
 * columns, row too large, invalid bytes (explicit encodings only: in auto mode a bad byte
 * refuses the whole file at open), a quote never closed. */

struct gx_csv_reader;

/* Opens path for reading. In auto mode the whole file is scanned first to choose the encoding
 * (gx_encoding_detect) so that a file is never half-read in the wrong one. */
enum gx_err gx_csv_reader_open(const char *path, const struct gx_table_read_opts *opts,
                               struct gx_csv_reader **out, struct gx_error *err);
/* Same over an open stream (not closed by the reader). A stream that cannot be rewound is
 * copied to a temporary file first when the encoding is auto. */
enum gx_err gx_csv_reader_open_fp(FILE *fp, const struct gx_table_read_opts *opts,
                                  struct gx_csv_reader **out, struct gx_error *err);
/* Next record: GX_OK with *row set (check row->status), GX_OK with *row == NULL at the end, or a
 * file-level error. The row stays valid until the next call. Blank lines are skipped. */
enum gx_err gx_csv_reader_next(struct gx_csv_reader *r, const struct gx_table_row **row,
                               struct gx_error *err);
enum gx_encoding gx_csv_reader_encoding(const struct gx_csv_reader *r);
/* For progress bars: bytes of the file consumed so far and its size (0 when unknown, e.g. a
 * pipe). Advances in chunks of 64 KiB. */
void gx_csv_reader_progress(const struct gx_csv_reader *r, uint64_t *done, uint64_t *total);
void gx_csv_reader_close(struct gx_csv_reader *r);

/* ---- xlsx reader (src/core/xlsx_reader.c), libzip + expat ---- */

struct gx_xlsx_reader;

/* Opens the first sheet (or opts->sheet). Files with the OLE2 magic (.xls, .et) are refused
 * with a message asking to save as .xlsx or CSV. */
enum gx_err gx_xlsx_reader_open(const char *path, const struct gx_table_read_opts *opts,
                                struct gx_xlsx_reader **out, struct gx_error *err);
/* Same contract as gx_csv_reader_next; row->line is the sheet's row number. Empty rows are
 * absent; missing cells inside a row are GX_CELL_EMPTY. */
enum gx_err gx_xlsx_reader_next(struct gx_xlsx_reader *r, const struct gx_table_row **row,
                                struct gx_error *err);
/* Progress through the sheet in uncompressed bytes, as gx_csv_reader_progress. */
void gx_xlsx_reader_progress(const struct gx_xlsx_reader *r, uint64_t *done, uint64_t *total);
void gx_xlsx_reader_close(struct gx_xlsx_reader *r);

/* Excel serial (1900 date system, fraction = time of day, ignored) → "YYYY-MM-DD". Serial 60 is
 * the fictitious 1900-02-29 Excel keeps for Lotus compatibility. GX_EINVAL outside 1..2958465. */
enum gx_err gx_excel_serial_to_date(double serial, char out[11], struct gx_error *err);
/* The inverse, for writers: the serial of a proleptic Gregorian date from 1900-01-01 on. */
enum gx_err gx_excel_date_to_serial(int year, int month, int day, double *serial,
                                    struct gx_error *err);

/* ---- Unified reader (src/core/table_reader.c) ---- */

enum gx_table_format { GX_TABLE_CSV = 1, GX_TABLE_XLSX };

struct gx_table_reader;

/* Opens a CSV or xlsx file, choosing by content (zip magic) and extension, and reads the header
 * row. An empty file, a file with no rows and an unreadable header are file-level errors. */
enum gx_err gx_table_reader_open(const char *path, const struct gx_table_read_opts *opts,
                                 struct gx_table_reader **out, struct gx_error *err);
const struct gx_table_row *gx_table_reader_header(const struct gx_table_reader *r);
enum gx_err gx_table_reader_next(struct gx_table_reader *r, const struct gx_table_row **row,
                                 struct gx_error *err);
enum gx_table_format gx_table_reader_format(const struct gx_table_reader *r);
/* Progress of the data rows for a progress bar; done == total at the end when total > 0. */
void gx_table_reader_progress(const struct gx_table_reader *r, uint64_t *done, uint64_t *total);
/* Encoding the CSV was read in (GX_ENC_UTF8 for xlsx). */
enum gx_encoding gx_table_reader_encoding(const struct gx_table_reader *r);
void gx_table_reader_close(struct gx_table_reader *r);

/* ---- CSV writer (src/core/csv_writer.c) ---- */

struct gx_csv_write_opts {
	int crlf;      /* end records with CRLF (Excel, RFC 4180) instead of LF */
	int bom;       /* start with a UTF-8 BOM so that Excel reads Chinese text as UTF-8 */
	int escape_formulas; /* prefix ' to cells starting with = + - @ (or a tab/CR) so that a
	                      * spreadsheet shows them as text instead of running them; off by
	                      * default because it changes values such as -5 */
};

struct gx_csv_writer;

/* Writes to fp (not closed by the writer). opts may be NULL (LF, no BOM). */
enum gx_err gx_csv_writer_open(FILE *fp, const struct gx_csv_write_opts *opts,
                               struct gx_csv_writer **out, struct gx_error *err);
/* One record; lens may be NULL (cells are NUL-terminated); a NULL cell is empty. Fields are
 * quoted only when they hold a comma, quote, CR or LF. */
enum gx_err gx_csv_writer_row(struct gx_csv_writer *w, const char *const *cells,
                              const size_t *lens, size_t ncells, struct gx_error *err);
/* Flushes and reports any write error; frees the writer. */
enum gx_err gx_csv_writer_close(struct gx_csv_writer *w, struct gx_error *err);

/* ---- xlsx writer (src/core/xlsx_writer.c), libxlsxwriter in constant-memory mode ---- */

enum gx_xlsx_value_kind { GX_XV_EMPTY = 0, GX_XV_TEXT, GX_XV_NUMBER, GX_XV_DATE };

struct gx_xlsx_value {
	enum gx_xlsx_value_kind kind;
	const char *text;      /* TEXT: UTF-8; DATE: "YYYY-MM-DD" */
	double number;         /* NUMBER */
};

struct gx_xlsx_write_opts {
	const char *sheet_name;        /* first sheet's name; NULL: "Sheet1" (then Sheet2, ...) */
	const double *col_widths;      /* ncols widths in characters; NULL: from the header */
	size_t max_rows_per_sheet;     /* header included; 0: 1,048,576 (tests lower it) */
	const char *tmpdir;            /* for libxlsxwriter's temporary files; NULL: default */
	int zip64;                     /* ZIP64 container: needed once one sheet's XML passes 4 GB
	                                * (very wide exports); off by default as in Excel's own */
};

struct gx_xlsx_writer;

/* Creates path with a bold header row of ncols cells. */
enum gx_err gx_xlsx_writer_open(const char *path, const char *const *header, size_t ncols,
                                const struct gx_xlsx_write_opts *opts,
                                struct gx_xlsx_writer **out, struct gx_error *err);
/* Appends a row (at most ncols values); starts a new sheet with the header repeated when the
 * current one is full. */
enum gx_err gx_xlsx_writer_row(struct gx_xlsx_writer *w, const struct gx_xlsx_value *vals,
                               size_t n, struct gx_error *err);
/* Sheets written so far (1 for a small export). */
size_t gx_xlsx_writer_sheets(const struct gx_xlsx_writer *w);
/* Writes the workbook out and frees the writer (also on error). */
enum gx_err gx_xlsx_writer_close(struct gx_xlsx_writer *w, struct gx_error *err);

#endif
