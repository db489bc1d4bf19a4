/* The parts of an .xlsx package the sheet reader needs before it can stream a sheet: which zip
 * entry holds the wanted sheet (workbook.xml and its relationships), the shared strings, and
 * which cell styles are dates (styles.xml). Every byte read from the zip is charged to one
 * budget, the guard against zip bombs. */
#ifndef GUANXI_CORE_XLSX_PARTS_H
#define GUANXI_CORE_XLSX_PARTS_H

#include <expat.h>
#include <stddef.h>
#include <stdint.h>
#include <zip.h>

#include "guanxi/error.h"

struct xlsx_book {
	zip_t *za;
	uint64_t cap;              /* uncompressed bytes allowed in all */
	uint64_t used;
	char *ss;                  /* shared strings, back to back */
	size_t ss_len, ss_cap;
	size_t *ss_off, *ss_lens;
	size_t ss_n, ss_ncap;
	unsigned char *xf_date;    /* per cellXfs index: the style shows a date */
	size_t n_xf;
	int date1904;              /* the workbook counts dates from 1904 (old Mac Excel) */
	char sheet_path[512];      /* zip entry of the sheet to read */
	char sheet_name[256];
};

/* Opens the zip, resolves the sheet (NULL: the first one), loads styles and shared strings. */
enum gx_err xlsx_book_open(struct xlsx_book *b, const char *path, const char *sheet,
                           uint64_t cap, struct gx_error *err);
void xlsx_book_close(struct xlsx_book *b);

/* Reads up to size bytes of an open entry, charging the budget; *got 0 at its end. */
enum gx_err xlsx_book_read(struct xlsx_book *b, zip_file_t *zf, char *buf, size_t size,
                           size_t *got, struct gx_error *err);

/* Shared string idx; 0 if out of range. */
int xlsx_book_string(const struct xlsx_book *b, size_t idx, const char **s, size_t *len);
/* Style index xf formats numbers as dates. */
int xlsx_book_is_date_style(const struct xlsx_book *b, size_t xf);

/* Element or attribute name without its namespace prefix ("x:row" → "row"). */
const char *xlsx_local_name(const char *name);
/* Value of attribute local name `name`, or NULL. */
const char *xlsx_attr(const XML_Char **attrs, const char *name);
/* Decodes OOXML's _xHHHH_ escapes (e.g. _x000D_ for CR) in place; returns the new length. */
size_t xlsx_unescape(char *s, size_t len);
/* A number format code shows a date: y, d, or m without h/s, outside quotes and brackets. */
int xlsx_format_is_date(const char *code);
/* Built-in number format id that shows a date (14-22, and the zh-CN date ids). */
int xlsx_builtin_is_date(long id);

#endif
