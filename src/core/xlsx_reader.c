/* xlsx sheet reader: streams one worksheet's XML out of the zip through expat and hands out
 * one row at a time. expat is a push parser; the row-end handler suspends it (XML_StopParser,
 * resumable) so that next() can return the row and resume where it stopped. Only the current
 * row is in memory, plus the shared strings and the date flag of each cell style.
 *
 * Cells are placed by their reference (B2 → second column), gaps become empty cells, trailing
 * empty cells are dropped and rows with no value at all are skipped. Numbers whose style is a
 * date format are typed GX_CELL_DATE and keep their Excel serial as text. */
#include "guanxi/table.h"

#include <errno.h>
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "core/table_row.h"
#include "core/xlsx_parts.h"
#include "guanxi/arena.h"
#include "guanxi/i18n.h"

#define SHEET_CHUNK (64 * 1024)

enum cell_kind { CK_NUMBER, CK_SHARED, CK_INLINE, CK_STR, CK_BOOL, CK_ERROR, CK_ISODATE };

struct gx_xlsx_reader {
	struct xlsx_book book;
	zip_file_t *zf;
	XML_Parser xp;
	char *buf;
	size_t max_field, max_cols, max_row;
	int suspended, final_sent, sheet_done;
	/* where the parser is */
	int in_data, in_row, in_cell, in_v, in_is, in_t, rph;
	size_t row_num, last_row;
	size_t col, next_col;
	enum cell_kind kind;
	long style;
	int skip_cell;
	char *val;                 /* text of the current cell's <v> or <is><t> */
	size_t vlen, vcap;
	int vover;                 /* longer than max_field: no longer collected */
	struct table_rowbuf row;
	size_t nonempty;
	int row_ready;
	uint64_t consumed, total;  /* uncompressed sheet bytes read, and the sheet's size */
};

/* "A" for 0, "AA" for 26. */
static void col_name(size_t col, char out[8])
{
	char tmp[8];
	size_t n = 0;
	col++;
	while (col > 0 && n < 7) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* Column of a cell reference ("AB12" → 27); (size_t)-1 if there are no letters. */
static size_t ref_col(const char *ref)
{
	size_t col = 0, n = 0;
	for (; *ref; ref++, n++) {
		char c = *ref;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			break;
		if (col > 100000)
			return 100000;   /* far beyond any limit; keep it from overflowing */
		col = col * 26 + (size_t)(c - 'A' + 1);
	}
	return n ? col - 1 : (size_t)-1;
}

/* The sheet elements the reader acts on; the handlers run for every element of a sheet, so the
 * name is classified once instead of compared against each candidate. */
enum elem { E_OTHER, E_SHEETDATA, E_ROW, E_C, E_V, E_IS, E_T, E_RPH };

static enum elem elem_of(const char *name)
{
	const char *ln = xlsx_local_name(name);
	switch (ln[0]) {
	case 'c': return ln[1] == '\0' ? E_C : E_OTHER;
	case 'v': return ln[1] == '\0' ? E_V : E_OTHER;
	case 't': return ln[1] == '\0' ? E_T : E_OTHER;
	case 'i': return strcmp(ln, "is") == 0 ? E_IS : E_OTHER;
	case 'r':
		if (strcmp(ln, "row") == 0)
			return E_ROW;
		return strcmp(ln, "rPh") == 0 ? E_RPH : E_OTHER;
	case 's': return strcmp(ln, "sheetData") == 0 ? E_SHEETDATA : E_OTHER;
	default: return E_OTHER;
	}
}

static void row_fail(struct gx_xlsx_reader *r, enum gx_err code, size_t col, const char *reason)
{
	char name[8];
	col_name(col, name);
	table_row_fail(&r->row, code, col + 1, _("row %zu, column %s: %s"), r->row_num, name, reason);
}

static void on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct gx_xlsx_reader *r = ud;
	enum elem el = elem_of(name);
	if (!r->in_data) {
		if (el == E_SHEETDATA)
			r->in_data = 1;
		return;
	}
	if (el == E_ROW) {
		const char *num = xlsx_attr(attrs, "r");
		r->row_num = num ? strtoul(num, NULL, 10) : r->last_row + 1;
		r->in_row = 1;
		r->next_col = 0;
		r->nonempty = 0;
		table_row_reset(&r->row);
	} else if (el == E_C && r->in_row) {
		const char *ref = xlsx_attr(attrs, "r"), *t = xlsx_attr(attrs, "t");
		const char *s = xlsx_attr(attrs, "s");
		size_t col = ref ? ref_col(ref) : (size_t)-1;
		r->col = col == (size_t)-1 ? r->next_col : col;
		r->in_cell = 1;
		r->vlen = 0;
		r->vover = 0;
		r->style = s ? strtol(s, NULL, 10) : 0;
		r->kind = !t ? CK_NUMBER
		        : strcmp(t, "s") == 0 ? CK_SHARED
		        : strcmp(t, "inlineStr") == 0 ? CK_INLINE
		        : strcmp(t, "str") == 0 ? CK_STR
		        : strcmp(t, "b") == 0 ? CK_BOOL
		        : strcmp(t, "e") == 0 ? CK_ERROR
		        : strcmp(t, "d") == 0 ? CK_ISODATE : CK_NUMBER;
		r->skip_cell = 0;
		if (r->col < r->next_col) {
			row_fail(r, GX_EINVAL, r->col, _("cell appears twice or out of order"));
			r->skip_cell = 1;
		} else if (r->col >= r->max_cols) {
			table_row_fail(&r->row, GX_ETOOLARGE, 0, _("row %zu: more than %zu columns"),
			               r->row_num, r->max_cols);
			r->skip_cell = 1;
		}
	} else if (r->in_cell) {
		if (el == E_V)
			r->in_v = 1;
		else if (el == E_IS)
			r->in_is = 1;
		else if (el == E_RPH)
			r->rph++;
		else if (el == E_T && r->in_is && r->rph == 0)
			r->in_t = 1;
	}
}

static void on_chars(void *ud, const XML_Char *s, int len)
{
	struct gx_xlsx_reader *r = ud;
	if (!(r->in_v || r->in_t) || r->vover || len <= 0)
		return;
	size_t n = (size_t)len;
	if (r->vlen + n > r->max_field) {
		r->vover = 1;
		return;
	}
	if (r->vlen + n + 1 > r->vcap) {
		size_t cap = r->vcap ? r->vcap : 256;
		while (cap < r->vlen + n + 1)
			cap *= 2;
		r->val = gx_xrealloc(r->val, cap);
		r->vcap = cap;
	}
	memcpy(r->val + r->vlen, s, n);
	r->vlen += n;
	r->val[r->vlen] = '\0';
}

static void finish_cell(struct gx_xlsx_reader *r)
{
	struct table_rowbuf *b = &r->row;
	while (b->n < r->col)
		table_row_add(b, "", 0, GX_CELL_EMPTY);
	r->next_col = r->col + 1;
	char tmp[64];
	const char *text = r->val ? r->val : "";
	size_t len = r->vlen;
	unsigned char type = GX_CELL_TEXT;
	if (r->vover) {
		snprintf(tmp, sizeof tmp, "%zu", r->max_field);
		char reason[128];
		snprintf(reason, sizeof reason, _("field too large (more than %s bytes)"), tmp);
		row_fail(r, GX_ETOOLARGE, r->col, reason);
		table_row_add(b, "", 0, GX_CELL_EMPTY);
		return;
	}
	switch (r->kind) {
	case CK_SHARED: {
		char *end;
		if (len >= sizeof tmp)
			len = sizeof tmp - 1;
		memcpy(tmp, text, len);
		tmp[len] = '\0';
		unsigned long idx = strtoul(tmp, &end, 10);
		if (end == tmp || *end || !xlsx_book_string(&r->book, idx, &text, &len)) {
			row_fail(r, GX_EINVAL, r->col, _("refers to a shared string that does not exist"));
			table_row_add(b, "", 0, GX_CELL_EMPTY);
			return;
		}
		if (len > r->max_field) {
			snprintf(tmp, sizeof tmp, "%zu", r->max_field);
			char reason[128];
			snprintf(reason, sizeof reason, _("field too large (more than %s bytes)"), tmp);
			row_fail(r, GX_ETOOLARGE, r->col, reason);
			table_row_add(b, "", 0, GX_CELL_EMPTY);
			return;
		}
		break;
	}
	case CK_INLINE:
	case CK_STR:
	case CK_ERROR:
	case CK_ISODATE:
		if (len)
			len = xlsx_unescape(r->val, len);
		break;
	case CK_BOOL:
		text = len == 1 && text[0] == '1' ? "TRUE" : "FALSE";
		len = strlen(text);
		type = GX_CELL_BOOL;
		break;
	case CK_NUMBER:
		type = xlsx_book_is_date_style(&r->book, (size_t)r->style) ? GX_CELL_DATE : GX_CELL_NUMBER;
		if (type == GX_CELL_DATE && r->book.date1904 && len > 0) {
			/* Report every date in the 1900 system that gx_excel_serial_to_date reads:
			 * 1904-01-01 is 0 there and 1462 here. */
			char *end;
			double v = strtod(text, &end);
			if (end != text) {
				len = (size_t)snprintf(tmp, sizeof tmp, "%.15g", v + 1462);
				text = tmp;
			}
		}
		break;
	}
	if (b->len + len > r->max_row) {
		table_row_fail(b, GX_ETOOLARGE, 0, _("row %zu: row too large (more than %zu bytes)"),
		               r->row_num, r->max_row);
		table_row_add(b, "", 0, GX_CELL_EMPTY);
		return;
	}
	if (len == 0)
		type = GX_CELL_EMPTY;
	else
		r->nonempty++;
	table_row_add(b, text, len, type);
}

static void on_end(void *ud, const XML_Char *name)
{
	struct gx_xlsx_reader *r = ud;
	if (!r->in_data)
		return;
	enum elem el = elem_of(name);
	if (el == E_V) {
		r->in_v = 0;
	} else if (el == E_T) {
		r->in_t = 0;
	} else if (el == E_IS) {
		r->in_is = 0;
	} else if (el == E_RPH) {
		if (r->rph)
			r->rph--;
	} else if (el == E_C && r->in_cell) {
		r->in_cell = 0;
		if (!r->skip_cell)
			finish_cell(r);
	} else if (el == E_ROW && r->in_row) {
		r->in_row = 0;
		r->last_row = r->row_num;
		while (r->row.n > 0 && r->row.types[r->row.n - 1] == GX_CELL_EMPTY)
			r->row.n--;
		if (r->nonempty == 0 && r->row.row.status == GX_OK)
			return;   /* formatting-only or blank row */
		r->row_ready = 1;
		XML_StopParser(r->xp, XML_TRUE);
	} else if (el == E_SHEETDATA) {
		r->in_data = 0;
		r->sheet_done = 1;
	}
}

enum gx_err gx_xlsx_reader_next(struct gx_xlsx_reader *r, const struct gx_table_row **row,
                                struct gx_error *err)
{
	*row = NULL;
	r->row_ready = 0;
	while (!r->row_ready) {
		enum XML_Status st;
		if (r->suspended) {
			r->suspended = 0;
			st = XML_ResumeParser(r->xp);
		} else if (r->sheet_done || r->final_sent) {
			return GX_OK;
		} else {
			size_t got;
			enum gx_err rc = xlsx_book_read(&r->book, r->zf, r->buf, SHEET_CHUNK, &got, err);
			if (rc)
				return rc;
			r->consumed += got;
			r->final_sent = got == 0;
			st = XML_Parse(r->xp, r->buf, (int)got, got == 0);
		}
		if (st == XML_STATUS_ERROR)
			return gx_error_set(err, GX_EINVAL, NULL,
			                    _("not a valid xlsx workbook: %s at line %lu of %s"),
			                    XML_ErrorString(XML_GetErrorCode(r->xp)),
			                    (unsigned long)XML_GetCurrentLineNumber(r->xp),
			                    r->book.sheet_path);
		if (st == XML_STATUS_SUSPENDED)
			r->suspended = 1;
	}
	*row = table_row_finish(&r->row, r->row_num);
	return GX_OK;
}

/* Decides from the first bytes and the name whether this can be an xlsx at all. */
static enum gx_err check_magic(const char *path, struct gx_error *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return gx_error_set(err, GX_EIO, NULL, _("cannot open %s: %s"), path, strerror(errno));
	unsigned char head[8];
	size_t n = fread(head, 1, sizeof head, fp);
	fclose(fp);
	if (n == 0)
		return gx_error_set(err, GX_EINVAL, NULL, "%s", _("file is empty"));
	if (n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0)
		return GX_OK;
	const char *dot = strrchr(path, '.');
	if (table_is_ole2(head, n) ||
	    (dot && (strcasecmp(dot, ".xls") == 0 || strcasecmp(dot, ".et") == 0)))
		return gx_error_set(err, GX_EINVAL, NULL, "%s", table_ole2_message());
	return gx_error_set(err, GX_EINVAL, NULL, _("%s is not an xlsx workbook (no zip signature)"),
	                    path);
}

enum gx_err gx_xlsx_reader_open(const char *path, const struct gx_table_read_opts *opts,
                                struct gx_xlsx_reader **out, struct gx_error *err)
{
	static const struct gx_table_read_opts defaults;
	*out = NULL;
	if (!opts)
		opts = &defaults;
	enum gx_err rc = check_magic(path, err);
	if (rc)
		return rc;
	struct gx_xlsx_reader *r = gx_xcalloc(1, sizeof *r);
	r->max_field = opts->max_field_bytes ? opts->max_field_bytes : GX_TABLE_MAX_FIELD_DEFAULT;
	r->max_cols = opts->max_columns ? opts->max_columns : GX_TABLE_MAX_COLUMNS_DEFAULT;
	r->max_row = opts->max_row_bytes ? opts->max_row_bytes : GX_TABLE_MAX_ROW_DEFAULT;
	rc = xlsx_book_open(&r->book, path, opts->sheet,
	                    opts->max_xlsx_bytes ? opts->max_xlsx_bytes : GX_TABLE_MAX_XLSX_DEFAULT, err);
	if (rc) {
		gx_xlsx_reader_close(r);
		return rc;
	}
	r->zf = zip_fopen(r->book.za, r->book.sheet_path, 0);
	if (!r->zf) {
		rc = gx_error_set(err, GX_EINVAL, NULL, _("not a valid xlsx workbook: part %s is missing"),
		                  r->book.sheet_path);
		gx_xlsx_reader_close(r);
		return rc;
	}
	zip_stat_t sb;
	if (zip_stat(r->book.za, r->book.sheet_path, 0, &sb) == 0 && (sb.valid & ZIP_STAT_SIZE))
		r->total = sb.size;
	r->xp = XML_ParserCreate(NULL);
	XML_SetUserData(r->xp, r);
	XML_SetElementHandler(r->xp, on_start, on_end);
	XML_SetCharacterDataHandler(r->xp, on_chars);
	r->buf = gx_xmalloc(SHEET_CHUNK);
	*out = r;
	return GX_OK;
}

void gx_xlsx_reader_progress(const struct gx_xlsx_reader *r, uint64_t *done, uint64_t *total)
{
	*done = r->consumed;
	*total = r->total;
}

void gx_xlsx_reader_close(struct gx_xlsx_reader *r)
{
	if (!r)
		return;
	if (r->xp)
		XML_ParserFree(r->xp);
	if (r->zf)
		zip_fclose(r->zf);
	xlsx_book_close(&r->book);
	table_row_free(&r->row);
	free(r->val);
	free(r->buf);
	free(r);
}
