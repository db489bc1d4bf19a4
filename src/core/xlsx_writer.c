/* xlsx export over libxlsxwriter. The workbook is written in constant-memory mode (each row goes
 * to a temporary file as soon as the next one starts), so a 10-million-row export needs no more
 * RAM than a small one. Excel stops at 1,048,576 rows per sheet, header included: past that the
 * writer opens a new sheet and repeats the header (DECISIONS.md "Import and export"). Column
 * widths follow the widest text seen (Chinese characters count double), unless given. */
#include "guanxi/table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "guanxi/arena.h"
#include "guanxi/i18n.h"
#include "guanxi/utf8.h"

#define WIDTH_MIN 8.43
#define WIDTH_MAX 60.0
#define EXCEL_STR_MAX 32767

struct gx_xlsx_writer {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *date;
	char **header;
	size_t ncols;
	double *widths;        /* widest cell of the current sheet, in characters */
	int fixed_widths;
	size_t max_rows;
	size_t row;            /* next row index (0-based) in the current sheet */
	size_t sheets;
	char *base_name;       /* NULL: Sheet1, Sheet2, ... */
};

/* Display width of UTF-8 text: East Asian wide characters take two columns. */
static double text_width(const char *s, size_t len)
{
	double w = 0;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = gx_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			n = 1;
		i += n;
		int wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
		           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
		           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
		           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
		w += wide ? 2 : 1;
	}
	return w;
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Text that itself looks like an OOXML escape (_x0041_) would be decoded by Excel and by our
 * reader; escaping its underscore as _x005F_ keeps it literal. libxlsxwriter escapes control
 * characters but not this. Returns a malloc'd copy, or NULL when nothing needs escaping. */
static char *escape_literal_escapes(const char *s, size_t len)
{
	if (!memmem(s, len, "_x", 2))
		return NULL;
	size_t hits = 0;
	for (size_t i = 0; i + 7 <= len; i++)
		if (s[i] == '_' && s[i + 1] == 'x' && is_hex(s[i + 2]) && is_hex(s[i + 3]) &&
		    is_hex(s[i + 4]) && is_hex(s[i + 5]) && s[i + 6] == '_')
			hits++;
	if (!hits)
		return NULL;
	char *out = gx_xmalloc(len + hits * 6 + 1), *o = out;
	for (size_t i = 0; i < len; i++) {
		if (i + 7 <= len && s[i] == '_' && s[i + 1] == 'x' && is_hex(s[i + 2]) &&
		    is_hex(s[i + 3]) && is_hex(s[i + 4]) && is_hex(s[i + 5]) && s[i + 6] == '_') {
			memcpy(o, "_x005F", 6);
			o += 6;
		}
		*o++ = s[i];
	}
	*o = '\0';
	return out;
}

static void note_width(struct gx_xlsx_writer *w, size_t col, double chars)
{
	if (w->fixed_widths)
		return;
	double width = chars + 2 > WIDTH_MAX ? WIDTH_MAX : chars + 2;
	if (width > w->widths[col])
		w->widths[col] = width;
}

static enum gx_err lxw_fail(lxw_error e, struct gx_error *err)
{
	return gx_error_set(err, GX_EIO, NULL, _("cannot write xlsx: %s"), lxw_strerror(e));
}

static void finish_sheet(struct gx_xlsx_writer *w)
{
	if (!w->ws)
		return;
	for (size_t c = 0; c < w->ncols; c++)
		worksheet_set_column(w->ws, (lxw_col_t)c, (lxw_col_t)c, w->widths[c], NULL);
}

/* Sheet names are at most 31 characters; cut on a character boundary. */
static void sheet_name(const struct gx_xlsx_writer *w, size_t number, char *out, size_t size)
{
	if (!w->base_name) {
		snprintf(out, size, "Sheet%zu", number);
		return;
	}
	char suffix[24] = "";
	if (number > 1)
		snprintf(suffix, sizeof suffix, " (%zu)", number);
	size_t room = LXW_SHEETNAME_MAX - strlen(suffix), chars = 0, i = 0;
	const char *b = w->base_name;
	size_t blen = strlen(b);
	while (i < blen && chars < room) {
		uint32_t cp;
		size_t n = gx_utf8_decode(b + i, blen - i, &cp);
		i += n ? n : 1;
		chars++;
	}
	snprintf(out, size, "%.*s%s", (int)i, b, suffix);
}

static enum gx_err new_sheet(struct gx_xlsx_writer *w, struct gx_error *err)
{
	finish_sheet(w);
	char name[LXW_MAX_SHEETNAME_LENGTH + 32];
	sheet_name(w, w->sheets + 1, name, sizeof name);
	w->ws = workbook_add_worksheet(w->wb, name);
	if (!w->ws)
		return gx_error_set(err, GX_EINVAL, NULL, _("cannot add sheet '%s' to the workbook"), name);
	w->sheets++;
	w->row = 0;
	worksheet_freeze_panes(w->ws, 1, 0);   /* the header stays in view while scrolling */
	for (size_t c = 0; c < w->ncols; c++) {
		const char *h = w->header[c];
		lxw_error e = worksheet_write_string(w->ws, 0, (lxw_col_t)c, h, w->bold);
		if (e)
			return lxw_fail(e, err);
		if (!w->fixed_widths)
			w->widths[c] = WIDTH_MIN;
		note_width(w, c, text_width(h, strlen(h)));
	}
	w->row = 1;
	return GX_OK;
}

enum gx_err gx_xlsx_writer_open(const char *path, const char *const *header, size_t ncols,
                                const struct gx_xlsx_write_opts *opts,
                                struct gx_xlsx_writer **out, struct gx_error *err)
{
	static const struct gx_xlsx_write_opts defaults;
	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (ncols == 0 || ncols > LXW_COL_MAX)
		return gx_error_set(err, GX_EINVAL, NULL, _("an xlsx sheet has 1 to %d columns, not %zu"),
		                    LXW_COL_MAX, ncols);
	lxw_workbook_options lo = { .constant_memory = LXW_TRUE, .tmpdir = (char *)opts->tmpdir,
	                            .use_zip64 = opts->zip64 ? LXW_TRUE : LXW_FALSE };
	lxw_workbook *wb = workbook_new_opt(path, &lo);
	if (!wb)
		return gx_error_set(err, GX_EIO, NULL, _("cannot create %s"), path);
	struct gx_xlsx_writer *w = gx_xcalloc(1, sizeof *w);
	w->wb = wb;
	w->ncols = ncols;
	w->max_rows = opts->max_rows_per_sheet && opts->max_rows_per_sheet <= GX_XLSX_MAX_ROWS
	              ? opts->max_rows_per_sheet : GX_XLSX_MAX_ROWS;
	if (w->max_rows < 2)
		w->max_rows = 2;
	w->base_name = opts->sheet_name ? gx_xstrdup(opts->sheet_name) : NULL;
	w->header = gx_xcalloc(ncols, sizeof *w->header);
	for (size_t c = 0; c < ncols; c++)
		w->header[c] = gx_xstrdup(header[c] ? header[c] : "");
	w->widths = gx_xcalloc(ncols, sizeof *w->widths);
	if (opts->col_widths) {
		w->fixed_widths = 1;
		memcpy(w->widths, opts->col_widths, ncols * sizeof *w->widths);
	}
	w->bold = workbook_add_format(wb);
	format_set_bold(w->bold);
	w->date = workbook_add_format(wb);
	format_set_num_format(w->date, "yyyy-mm-dd");
	enum gx_err rc = new_sheet(w, err);
	if (rc) {
		struct gx_error ignored;
		gx_xlsx_writer_close(w, &ignored);
		return rc;
	}
	*out = w;
	return GX_OK;
}

/* Parses a "YYYY-MM-DD" value into an Excel serial. */
static enum gx_err date_serial(const char *text, lxw_row_t row, size_t c, double *serial,
                               struct gx_error *err)
{
	int y, m, d, n = 0;
	if (!text || sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || text[n] != '\0')
		return gx_error_set(err, GX_EINVAL, NULL,
		                    _("row %zu, column %zu: date '%s' is not YYYY-MM-DD"),
		                    (size_t)row + 1, c + 1, text ? text : "");
	enum gx_err rc = gx_excel_date_to_serial(y, m, d, serial, err);
	if (rc)
		gx_error_prefix(err, _("row %zu, column %zu: "), (size_t)row + 1, c + 1);
	return rc;
}

/* Checks a value before anything of its row is written, so that a bad value never leaves a
 * half-written row behind. */
static enum gx_err check_value(lxw_row_t row, size_t c, const struct gx_xlsx_value *v,
                               struct gx_error *err)
{
	double serial;
	switch (v->kind) {
	case GX_XV_EMPTY:
		return GX_OK;
	case GX_XV_TEXT: {
		const char *s = v->text ? v->text : "";
		size_t len = strlen(s);
		if (!gx_utf8_valid(s, len, NULL))
			return gx_error_set(err, GX_EINVAL, NULL,
			                    _("row %zu, column %zu: text is not valid UTF-8"),
			                    (size_t)row + 1, c + 1);
		if (gx_utf8_length(s, len) > EXCEL_STR_MAX)
			return gx_error_set(err, GX_ETOOLARGE, NULL,
			                    _("row %zu, column %zu: text longer than Excel's %d characters"),
			                    (size_t)row + 1, c + 1, EXCEL_STR_MAX);
		return GX_OK;
	}
	case GX_XV_NUMBER:
		if (!isfinite(v->number))
			return gx_error_set(err, GX_EINVAL, NULL,
			                    _("row %zu, column %zu: not a finite number"), (size_t)row + 1, c + 1);
		return GX_OK;
	case GX_XV_DATE:
		return date_serial(v->text, row, c, &serial, err);
	}
	return gx_error_set(err, GX_EINVAL, NULL, _("row %zu, column %zu: unknown value kind"),
	                    (size_t)row + 1, c + 1);
}

static enum gx_err write_value(struct gx_xlsx_writer *w, lxw_row_t row, size_t c,
                               const struct gx_xlsx_value *v, struct gx_error *err)
{
	lxw_col_t col = (lxw_col_t)c;
	lxw_error e = LXW_NO_ERROR;
	switch (v->kind) {
	case GX_XV_EMPTY:
		return GX_OK;
	case GX_XV_TEXT: {
		const char *s = v->text ? v->text : "";
		size_t len = strlen(s);
		if (len == 0)
			return GX_OK;
		char *escaped = escape_literal_escapes(s, len);
		e = worksheet_write_string(w->ws, row, col, escaped ? escaped : s, NULL);
		free(escaped);
		note_width(w, c, text_width(s, len));
		break;
	}
	case GX_XV_NUMBER:
		e = worksheet_write_number(w->ws, row, col, v->number, NULL);
		note_width(w, c, 10);
		break;
	case GX_XV_DATE: {
		double serial;
		enum gx_err rc = date_serial(v->text, row, c, &serial, err);
		if (rc)
			return rc;
		e = worksheet_write_number(w->ws, row, col, serial, w->date);
		note_width(w, c, 10);
		break;
	}
	}
	return e ? lxw_fail(e, err) : GX_OK;
}

enum gx_err gx_xlsx_writer_row(struct gx_xlsx_writer *w, const struct gx_xlsx_value *vals,
                               size_t n, struct gx_error *err)
{
	if (n > w->ncols)
		return gx_error_set(err, GX_EINVAL, NULL, _("row has %zu values for %zu columns"), n,
		                    w->ncols);
	int full = w->row >= w->max_rows;
	lxw_row_t row = full ? 1 : (lxw_row_t)w->row;   /* where it will land */
	for (size_t c = 0; c < n; c++) {
		enum gx_err rc = check_value(row, c, &vals[c], err);
		if (rc)
			return rc;
	}
	if (full) {
		enum gx_err rc = new_sheet(w, err);
		if (rc)
			return rc;
	}
	for (size_t c = 0; c < n; c++) {
		enum gx_err rc = write_value(w, (lxw_row_t)w->row, c, &vals[c], err);
		if (rc)
			return rc;
	}
	w->row++;
	return GX_OK;
}

size_t gx_xlsx_writer_sheets(const struct gx_xlsx_writer *w)
{
	return w->sheets;
}

enum gx_err gx_xlsx_writer_close(struct gx_xlsx_writer *w, struct gx_error *err)
{
	if (!w)
		return GX_OK;
	finish_sheet(w);
	lxw_error e = workbook_close(w->wb);
	enum gx_err rc = e ? lxw_fail(e, err) : GX_OK;
	for (size_t c = 0; c < w->ncols; c++)
		free(w->header[c]);
	free(w->header);
	free(w->widths);
	free(w->base_name);
	free(w);
	return rc;
}
