/* Unit tests for the xlsx reader and writer, Excel serial dates and the unified table reader.
 * Workbooks are made inside the tests: by our writer (round trip, sheet split), by
 * libxlsxwriter in its normal mode (shared strings, rich text, date styles, booleans), and by
 * hand with libzip from XML text (the shapes other producers write: namespace prefixes, rows
 * without references, _xHHHH_ escapes, phonetic runs, zh-CN built-in date formats). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "guanxi/table.h"

static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/gx-xlsx-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *tmp_path(const char *name)
{
	static char path[4][256];
	static int k;
	k = (k + 1) % 4;
	snprintf(path[k], sizeof path[k], "%s/%s", tmpdir, name);
	return path[k];
}

static const struct gx_table_row *xnext(struct gx_xlsx_reader *r)
{
	const struct gx_table_row *row;
	struct gx_error err;
	enum gx_err rc = gx_xlsx_reader_next(r, &row, &err);
	if (rc)
		fail_msg("next failed: %s", err.message);
	return row;
}

static struct gx_xlsx_reader *xopen(const char *path, const struct gx_table_read_opts *o)
{
	struct gx_xlsx_reader *r;
	struct gx_error err;
	if (gx_xlsx_reader_open(path, o, &r, &err))
		fail_msg("open failed: %s", err.message);
	return r;
}

static void assert_cell(const struct gx_table_row *row, size_t i, const char *text, int type)
{
	assert_true(i < row->ncells);
	assert_string_equal(row->cells[i], text);
	assert_int_equal(row->types[i], type);
}

static void test_serial_dates(void **state)
{
	(void)state;
	char d[11];
	struct gx_error err;
	const struct { double serial; const char *date; } known[] = {
		{ 1, "1900-01-01" }, { 59, "1900-02-28" }, { 60, "1900-02-29" },
		{ 61, "1900-03-01" }, { 45000, "2023-03-15" }, { 45000.75, "2023-03-15" },
		{ 36526, "2000-01-01" }, { 2958465, "9999-12-31" },
	};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		assert_int_equal(gx_excel_serial_to_date(known[i].serial, d, &err), GX_OK);
		assert_string_equal(d, known[i].date);
		int y, m, dd;
		double back;
		sscanf(known[i].date, "%d-%d-%d", &y, &m, &dd);
		if (known[i].serial != 60) {   /* 1900-02-29 does not exist: no inverse */
			assert_int_equal(gx_excel_date_to_serial(y, m, dd, &back, &err), GX_OK);
			assert_true(back == (double)(long)known[i].serial);
		}
	}
	assert_int_equal(gx_excel_serial_to_date(0, d, &err), GX_EINVAL);
	assert_string_equal(err.message, "0 is not an Excel date (valid serials are 1 to 2958465)");
	double s;
	assert_int_equal(gx_excel_date_to_serial(2023, 2, 29, &s, &err), GX_EINVAL);
	assert_string_equal(err.message, "2023-02-29 is not a date Excel can store");
	assert_int_equal(gx_excel_date_to_serial(2024, 2, 29, &s, &err), GX_OK);
	assert_true(s == 45351);
}

/* The text of one zip entry (malloc'd). */
static char *zip_entry(const char *path, const char *name)
{
	int e;
	zip_t *z = zip_open(path, ZIP_RDONLY, &e);
	assert_non_null(z);
	zip_stat_t st;
	assert_int_equal(zip_stat(z, name, 0, &st), 0);
	char *buf = malloc(st.size + 1);
	zip_file_t *f = zip_fopen(z, name, 0);
	assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
	buf[st.size] = '\0';
	zip_fclose(f);
	zip_discard(z);
	return buf;
}

static void test_round_trip_our_writer(void **state)
{
	(void)state;
	const char *path = tmp_path("export.xlsx");
	const char *header[] = { "客户编号", "客户名称", "金额", "首次下单", "备注" };
	struct gx_xlsx_writer *w;
	struct gx_error err;
	assert_int_equal(gx_xlsx_writer_open(path, header, 5, NULL, &w, &err), GX_OK);
	struct gx_xlsx_value r1[] = {
		{ GX_XV_TEXT, "C0001", 0 }, { GX_XV_TEXT, "北京某某科技有限公司", 0 },
		{ GX_XV_NUMBER, NULL, 1234.5 }, { GX_XV_DATE, "2023-03-15", 0 },
		{ GX_XV_TEXT, "第一行\n第二行 & <标签> \"引号\"", 0 },
	};
	struct gx_xlsx_value r2[] = {
		{ GX_XV_TEXT, "C0002", 0 }, { GX_XV_EMPTY, NULL, 0 }, { GX_XV_NUMBER, NULL, -0.25 },
		{ GX_XV_DATE, "1900-03-01", 0 },
	};
	assert_int_equal(gx_xlsx_writer_row(w, r1, 5, &err), GX_OK);
	assert_int_equal(gx_xlsx_writer_row(w, r2, 4, &err), GX_OK);
	/* Control characters and text that looks like an OOXML escape survive the trip. */
	struct gx_xlsx_value r3[] = { { GX_XV_TEXT, "C0003", 0 }, { GX_XV_TEXT, "a\x01b_x0041_c", 0 } };
	assert_int_equal(gx_xlsx_writer_row(w, r3, 2, &err), GX_OK);
	struct gx_xlsx_value bad[] = { { GX_XV_DATE, "2023-02-30", 0 } };
	assert_int_equal(gx_xlsx_writer_row(w, bad, 1, &err), GX_EINVAL);
	assert_string_equal(err.message, "row 5, column 1: 2023-02-30 is not a date Excel can store");
	struct gx_xlsx_value bad2[] = { { GX_XV_TEXT, "C9999", 0 }, { GX_XV_TEXT, "ab\xC3(", 0 } };
	assert_int_equal(gx_xlsx_writer_row(w, bad2, 2, &err), GX_EINVAL);
	assert_string_equal(err.message, "row 5, column 2: text is not valid UTF-8");
	/* nothing of the rejected rows was written: the file ends after C0003 (checked below) */
	assert_int_equal(gx_xlsx_writer_sheets(w), 1);
	assert_int_equal(gx_xlsx_writer_close(w, &err), GX_OK);

	/* Presentation: bold frozen header, widths from the widest text (CJK counts double:
	 * 10 characters → 20 + 2 → Excel's 22.71 after its padding), dates as yyyy-mm-dd. */
	char *sheet = zip_entry(path, "xl/worksheets/sheet1.xml");
	char *styles = zip_entry(path, "xl/styles.xml");
	assert_non_null(strstr(sheet, "<c r=\"A1\" s=\"1\" t=\"inlineStr\">"));
	assert_non_null(strstr(styles, "<font><b/>"));
	assert_non_null(strstr(sheet, "state=\"frozen\""));
	assert_non_null(strstr(sheet, "<col min=\"2\" max=\"2\" width=\"22.7109375\" customWidth=\"1\"/>"));
	assert_non_null(strstr(styles, "formatCode=\"yyyy-mm-dd\""));
	free(sheet);
	free(styles);

	struct gx_table_reader *t;
	assert_int_equal(gx_table_reader_open(path, NULL, &t, &err), GX_OK);
	assert_int_equal(gx_table_reader_format(t), GX_TABLE_XLSX);
	assert_int_equal(gx_table_reader_encoding(t), GX_ENC_UTF8);
	const struct gx_table_row *h = gx_table_reader_header(t);
	assert_int_equal(h->line, 1);
	assert_int_equal(h->ncells, 5);
	for (size_t i = 0; i < 5; i++)
		assert_cell(h, i, header[i], GX_CELL_TEXT);
	const struct gx_table_row *row;
	assert_int_equal(gx_table_reader_next(t, &row, &err), GX_OK);
	assert_int_equal(row->line, 2);
	assert_int_equal(row->status, GX_OK);
	assert_int_equal(row->ncells, 5);
	assert_cell(row, 0, "C0001", GX_CELL_TEXT);
	assert_cell(row, 1, "北京某某科技有限公司", GX_CELL_TEXT);
	assert_cell(row, 2, "1234.5", GX_CELL_NUMBER);
	assert_cell(row, 3, "45000", GX_CELL_DATE);
	assert_cell(row, 4, "第一行\n第二行 & <标签> \"引号\"", GX_CELL_TEXT);
	char d[11];
	assert_int_equal(gx_excel_serial_to_date(strtod(row->cells[3], NULL), d, &err), GX_OK);
	assert_string_equal(d, "2023-03-15");
	assert_int_equal(gx_table_reader_next(t, &row, &err), GX_OK);
	assert_int_equal(row->line, 3);
	assert_int_equal(row->ncells, 4);
	assert_cell(row, 1, "", GX_CELL_EMPTY);
	assert_cell(row, 2, "-0.25", GX_CELL_NUMBER);
	assert_cell(row, 3, "61", GX_CELL_DATE);
	assert_int_equal(gx_table_reader_next(t, &row, &err), GX_OK);
	assert_cell(row, 1, "a\x01b_x0041_c", GX_CELL_TEXT);
	assert_int_equal(gx_table_reader_next(t, &row, &err), GX_OK);
	assert_null(row);
	uint64_t done, total;
	gx_table_reader_progress(t, &done, &total);
	assert_true(total > 1000);      /* the sheet's XML, uncompressed */
	assert_int_equal(done, total);
	gx_table_reader_close(t);
}

static void test_sheet_split(void **state)
{
	(void)state;
	/* With 3 rows per sheet (header included) 5 data rows need 3 sheets: 2 + 2 + 1. */
	const char *path = tmp_path("split.xlsx");
	const char *header[] = { "编号", "名称" };
	struct gx_xlsx_write_opts o = { .max_rows_per_sheet = 3, .sheet_name = "客户" };
	struct gx_xlsx_writer *w;
	struct gx_error err;
	assert_int_equal(gx_xlsx_writer_open(path, header, 2, &o, &w, &err), GX_OK);
	for (int i = 0; i < 5; i++) {
		char code[16], name[32];
		snprintf(code, sizeof code, "%d", i);
		snprintf(name, sizeof name, "客户%d", i);
		struct gx_xlsx_value v[] = { { GX_XV_TEXT, code, 0 }, { GX_XV_TEXT, name, 0 } };
		assert_int_equal(gx_xlsx_writer_row(w, v, 2, &err), GX_OK);
	}
	assert_int_equal(gx_xlsx_writer_sheets(w), 3);
	assert_int_equal(gx_xlsx_writer_close(w, &err), GX_OK);

	const char *sheets[] = { NULL, "客户 (2)", "客户 (3)" };
	int first = 0;
	for (size_t s = 0; s < 3; s++) {
		struct gx_table_read_opts ro = { .sheet = sheets[s] };
		struct gx_xlsx_reader *r = xopen(path, &ro);
		const struct gx_table_row *row = xnext(r);
		assert_int_equal(row->line, 1);
		assert_cell(row, 0, "编号", GX_CELL_TEXT);
		assert_cell(row, 1, "名称", GX_CELL_TEXT);
		size_t expect = s < 2 ? 2 : 1;
		for (size_t k = 0; k < expect; k++, first++) {
			row = xnext(r);
			char name[32];
			snprintf(name, sizeof name, "客户%d", first);
			assert_int_equal(row->line, k + 2);
			assert_cell(row, 1, name, GX_CELL_TEXT);
		}
		assert_null(xnext(r));
		gx_xlsx_reader_close(r);
	}
	struct gx_table_read_opts ro = { .sheet = "Sheet1" };
	struct gx_xlsx_reader *r;
	assert_int_equal(gx_xlsx_reader_open(path, &ro, &r, &err), GX_ENOTFOUND);
	assert_string_equal(err.message,
	                    "sheet 'Sheet1' not found; the workbook has: 客户, 客户 (2), 客户 (3)");
}

static void test_shared_strings_and_styles(void **state)
{
	(void)state;
	/* libxlsxwriter in normal mode writes strings to sharedStrings.xml. */
	const char *path = tmp_path("shared.xlsx");
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "数据");
	lxw_format *builtin14 = workbook_add_format(wb);
	format_set_num_format_index(builtin14, 14);
	lxw_format *cn = workbook_add_format(wb);
	format_set_num_format(cn, "yyyy\"年\"m\"月\"d\"日\"");
	lxw_format *time = workbook_add_format(wb);
	format_set_num_format(time, "h:mm");
	lxw_format *money = workbook_add_format(wb);
	format_set_num_format(money, "#,##0.00 \"元\";[Red]-#,##0.00");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	worksheet_write_string(ws, 0, 0, "名称", NULL);
	worksheet_write_string(ws, 0, 2, "名称", NULL);          /* same shared string, gap at B */
	lxw_rich_string_tuple f1 = { .format = NULL, .string = "上海" };
	lxw_rich_string_tuple f2 = { .format = bold, .string = "浦东" };
	lxw_rich_string_tuple *rich[] = { &f1, &f2, NULL };
	worksheet_write_rich_string(ws, 0, 3, rich, NULL);
	worksheet_write_number(ws, 2, 0, 45000, builtin14);       /* row 3; row 2 absent */
	worksheet_write_number(ws, 2, 1, 45001, cn);
	worksheet_write_number(ws, 2, 2, 0.5, time);
	worksheet_write_number(ws, 2, 3, 1234.5, money);
	worksheet_write_boolean(ws, 2, 4, 1, NULL);
	worksheet_write_formula_str(ws, 2, 5, "=\"a\"&\"b\"", NULL, "ab");
	worksheet_write_number(ws, 2, 26, 7, NULL);               /* AA3 */
	worksheet_write_blank(ws, 3, 0, bold);                    /* formatting only: skipped */
	worksheet_write_string(ws, 4, 1, "末行", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

	struct gx_xlsx_reader *r = xopen(path, NULL);
	const struct gx_table_row *row = xnext(r);
	assert_int_equal(row->line, 1);
	assert_int_equal(row->ncells, 4);
	assert_cell(row, 0, "名称", GX_CELL_TEXT);
	assert_cell(row, 1, "", GX_CELL_EMPTY);
	assert_cell(row, 2, "名称", GX_CELL_TEXT);
	assert_cell(row, 3, "上海浦东", GX_CELL_TEXT);
	row = xnext(r);
	assert_int_equal(row->line, 3);
	assert_int_equal(row->ncells, 27);
	assert_cell(row, 0, "45000", GX_CELL_DATE);
	assert_cell(row, 1, "45001", GX_CELL_DATE);
	assert_cell(row, 2, "0.5", GX_CELL_NUMBER);
	assert_cell(row, 3, "1234.5", GX_CELL_NUMBER);
	assert_cell(row, 4, "TRUE", GX_CELL_BOOL);
	assert_cell(row, 5, "ab", GX_CELL_TEXT);
	assert_cell(row, 25, "", GX_CELL_EMPTY);
	assert_cell(row, 26, "7", GX_CELL_NUMBER);
	row = xnext(r);
	assert_int_equal(row->line, 5);
	assert_int_equal(row->ncells, 2);
	assert_cell(row, 1, "末行", GX_CELL_TEXT);
	assert_null(xnext(r));
	gx_xlsx_reader_close(r);

	/* A lowered cell limit applies to shared strings too, as a row error. */
	struct gx_table_read_opts o = { .max_field_bytes = 8 };
	r = xopen(path, &o);
	row = xnext(r);
	assert_int_equal(row->status, GX_ETOOLARGE);
	assert_int_equal(row->err_column, 4);
	assert_string_equal(row->error.message,
	                    "row 1, column D: field too large (more than 8 bytes)");
	row = xnext(r);
	assert_int_equal(row->status, GX_OK);
	gx_xlsx_reader_close(r);
	o = (struct gx_table_read_opts){ .max_columns = 26 };
	r = xopen(path, &o);
	xnext(r);
	row = xnext(r);
	assert_int_equal(row->status, GX_ETOOLARGE);
	assert_int_equal(row->err_column, 0);
	assert_string_equal(row->error.message, "row 3: more than 26 columns");
	gx_xlsx_reader_close(r);
	o = (struct gx_table_read_opts){ .max_row_bytes = 12 };   /* "名称" twice is 14 bytes */
	r = xopen(path, &o);
	row = xnext(r);
	assert_int_equal(row->status, GX_ETOOLARGE);
	assert_string_equal(row->error.message, "row 1: row too large (more than 12 bytes)");
	gx_xlsx_reader_close(r);
}

/* Writes a zip of (name, content) pairs; NULL name ends the list. */
static void make_zip(const char *path, const char *const *parts)
{
	int e;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
	assert_non_null(z);
	for (size_t i = 0; parts[i]; i += 2) {
		zip_source_t *src = zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);
		assert_true(zip_file_add(z, parts[i], src, ZIP_FL_OVERWRITE) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
}

#define NS "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static void test_other_producers(void **state)
{
	(void)state;
	const char *path = tmp_path("handmade.xlsx");
	const char *parts[] = {
		"_rels/.rels",
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"" REL "officeDocument\" Target=\"book/main.xml\"/>"
		"</Relationships>",
		"book/main.xml",
		"<x:workbook " NS "><x:sheets><x:sheet name=\"说明\" sheetId=\"1\" r:id=\"rA\"/>"
		"<x:sheet name=\"数据\" sheetId=\"2\" r:id=\"rB\"/></x:sheets></x:workbook>",
		"book/_rels/main.xml.rels",
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rA\" Type=\"" REL "worksheet\" Target=\"/book/s/readme.xml\"/>"
		"<Relationship Id=\"rB\" Type=\"" REL "worksheet\" Target=\"s/../s/data.xml\"/>"
		"<Relationship Id=\"rS\" Type=\"" REL "sharedStrings\" Target=\"strings.xml\"/>"
		"<Relationship Id=\"rT\" Type=\"" REL "styles\" Target=\"st.xml\"/>"
		"</Relationships>",
		"book/strings.xml",
		"<x:sst " NS "><x:si><x:t>王</x:t><x:rPh sb=\"0\" eb=\"1\"><x:t>wang</x:t></x:rPh>"
		"</x:si><x:si><x:r><x:t>a_x000D_</x:t></x:r><x:r><x:t xml:space=\"preserve\"> b</x:t>"
		"</x:r></x:si></x:sst>",
		"book/st.xml",
		"<x:styleSheet " NS "><x:cellStyleXfs><x:xf numFmtId=\"14\"/></x:cellStyleXfs>"
		"<x:cellXfs><x:xf numFmtId=\"0\"/><x:xf numFmtId=\"31\"/><x:xf numFmtId=\"32\"/>"
		"</x:cellXfs></x:styleSheet>",
		"book/s/readme.xml",
		"<x:worksheet " NS "><x:sheetData><x:row><x:c t=\"inlineStr\"><x:is><x:t>说明</x:t>"
		"</x:is></x:c></x:row></x:sheetData></x:worksheet>",
		"book/s/data.xml",
		"<x:worksheet " NS "><x:sheetData>"
		"<x:row><x:c t=\"s\"><x:v>0</x:v></x:c><x:c t=\"s\"><x:v>1</x:v></x:c>"
		"<x:c t=\"inlineStr\"><x:is><x:t>x_x000A_y</x:t></x:is></x:c></x:row>"
		"<x:row><x:c s=\"1\"><x:v>45000</x:v></x:c><x:c s=\"2\"><x:v>0.25</x:v></x:c>"
		"<x:c t=\"e\"><x:v>#N/A</x:v></x:c></x:row>"
		"<x:row r=\"10\"><x:c r=\"B10\"><x:v>1</x:v></x:c><x:c r=\"A10\"><x:v>2</x:v></x:c>"
		"</x:row>"
		"<x:row><x:c r=\"C11\" t=\"s\"><x:v>9</x:v></x:c></x:row>"
		"</x:sheetData></x:worksheet>",
		NULL
	};
	make_zip(path, parts);
	struct gx_table_read_opts o = { .sheet = "数据" };
	struct gx_xlsx_reader *r = xopen(path, &o);
	const struct gx_table_row *row = xnext(r);
	assert_int_equal(row->line, 1);
	assert_cell(row, 0, "王", GX_CELL_TEXT);
	assert_cell(row, 1, "a\r b", GX_CELL_TEXT);
	assert_cell(row, 2, "x\ny", GX_CELL_TEXT);
	row = xnext(r);
	assert_int_equal(row->line, 2);
	assert_cell(row, 0, "45000", GX_CELL_DATE);     /* zh-CN built-in 31: yyyy"年"m"月"d"日" */
	assert_cell(row, 1, "0.25", GX_CELL_NUMBER);    /* 32: a time */
	assert_cell(row, 2, "#N/A", GX_CELL_TEXT);
	row = xnext(r);
	assert_int_equal(row->line, 10);
	assert_int_equal(row->status, GX_EINVAL);
	assert_int_equal(row->err_column, 1);
	assert_string_equal(row->error.message, "row 10, column A: cell appears twice or out of order");
	row = xnext(r);
	assert_int_equal(row->line, 11);
	assert_string_equal(row->error.message,
	                    "row 11, column C: refers to a shared string that does not exist");
	assert_null(xnext(r));
	gx_xlsx_reader_close(r);

	/* The same workbook in the 1904 date system: dates come out in the 1900 system. */
	const char *wb1904 = "<x:workbook " NS "><x:workbookPr date1904=\"1\"/><x:sheets>"
	                     "<x:sheet name=\"数据\" sheetId=\"2\" r:id=\"rB\"/></x:sheets></x:workbook>";
	const char *parts1904[sizeof parts / sizeof parts[0]];
	memcpy(parts1904, parts, sizeof parts);
	parts1904[3] = wb1904;
	const char *path1904 = tmp_path("mac1904.xlsx");
	make_zip(path1904, parts1904);
	r = xopen(path1904, NULL);
	xnext(r);
	row = xnext(r);
	assert_cell(row, 0, "46462", GX_CELL_DATE);     /* 45000 + 1462 */
	assert_cell(row, 1, "0.25", GX_CELL_NUMBER);    /* not a date: unchanged */
	char d[11];
	struct gx_error err;
	assert_int_equal(gx_excel_serial_to_date(46462, d, &err), GX_OK);
	assert_string_equal(d, "2027-03-16");           /* 45000 days after 1904-01-01 */
	gx_xlsx_reader_close(r);

	r = xopen(path, NULL);   /* the first sheet in workbook order */
	row = xnext(r);
	assert_cell(row, 0, "说明", GX_CELL_TEXT);
	assert_null(xnext(r));
	gx_xlsx_reader_close(r);
}

static void test_zip_bomb_cap(void **state)
{
	(void)state;
	/* 4 MB of sheet XML compresses to a few KB; a 1 MiB cap stops it while streaming. */
	size_t rows = 40000;
	char *xml = malloc(rows * 110 + 256);
	size_t o = (size_t)sprintf(xml, "<worksheet><sheetData>");
	for (size_t i = 0; i < rows; i++)
		o += (size_t)sprintf(xml + o, "<row r=\"%zu\"><c r=\"A%zu\" t=\"inlineStr\"><is><t>"
		                     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></is></c></row>", i + 1, i + 1);
	strcpy(xml + o, "</sheetData></worksheet>");
	const char *path = tmp_path("bomb.xlsx");
	const char *parts[] = {
		"xl/workbook.xml", "<workbook " NS "><sheets><sheet name=\"S\" r:id=\"r1\"/></sheets></workbook>",
		"xl/_rels/workbook.xml.rels",
		"<Relationships><Relationship Id=\"r1\" Type=\"" REL "worksheet\" "
		"Target=\"worksheets/sheet1.xml\"/></Relationships>",
		"xl/worksheets/sheet1.xml", xml, NULL
	};
	make_zip(path, parts);
	struct gx_table_read_opts opts = { .max_xlsx_bytes = 1024 * 1024 };
	struct gx_xlsx_reader *r = xopen(path, &opts);
	const struct gx_table_row *row;
	struct gx_error err;
	enum gx_err rc;
	size_t n = 0;
	while ((rc = gx_xlsx_reader_next(r, &row, &err)) == GX_OK && row)
		n++;
	assert_int_equal(rc, GX_ETOOLARGE);
	assert_string_equal(err.message,
	                    "workbook is too large: more than 1048576 bytes when uncompressed");
	assert_true(n > 5000 && n < 15000);
	gx_xlsx_reader_close(r);
	r = xopen(path, NULL);   /* the default cap reads it all */
	n = 0;
	while (xnext(r))
		n++;
	assert_int_equal(n, rows);
	gx_xlsx_reader_close(r);
	free(xml);
}

static void write_bytes(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
}

static void expect_table_error(const char *name, const char *data, size_t len, const char *msg)
{
	const char *path = tmp_path(name);
	write_bytes(path, data, len);
	struct gx_table_reader *t = (void *)1;
	struct gx_error err;
	assert_int_not_equal(gx_table_reader_open(path, NULL, &t, &err), GX_OK);
	assert_null(t);
	if (strstr(msg, "%s")) {
		char want[512];
		snprintf(want, sizeof want, msg, path);
		assert_string_equal(err.message, want);
	} else {
		assert_string_equal(err.message, msg);
	}
}

static void test_old_formats_and_bad_files(void **state)
{
	(void)state;
	const char ole2[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0";
	const char *old = "this is an old Excel/WPS file; save it as .xlsx or CSV";
	expect_table_error("客户.xls", ole2, sizeof ole2 - 1, old);
	expect_table_error("客户.et", "garbage", 7, old);
	expect_table_error("renamed.csv", ole2, sizeof ole2 - 1, old);
	expect_table_error("fake.xlsx", "a,b\n", 4, "%s is not an xlsx workbook (no zip signature)");
	expect_table_error("empty.xlsx", "", 0, "file is empty");
	expect_table_error("empty.csv", "", 0, "file is empty");
	expect_table_error("blank.csv", "\r\n\n", 3, "file has no header row");
	expect_table_error("broken.xlsx", "PK\x03\x04garbage", 11,
	                   "cannot open %s as an xlsx workbook: Not a zip archive");
	struct gx_xlsx_reader *r;
	struct gx_error err;
	const char *path = tmp_path("old.xls");
	write_bytes(path, ole2, sizeof ole2 - 1);
	assert_int_equal(gx_xlsx_reader_open(path, NULL, &r, &err), GX_EINVAL);
	assert_string_equal(err.message, old);
}

static void test_unified_csv(void **state)
{
	(void)state;
	const char *path = tmp_path("gbk.csv");
	/* "编号,名称\r\n1,张伟\r\n" in GB18030 */
	const char gbk[] = "\xB1\xE0\xBA\xC5,\xC3\xFB\xB3\xC6\r\n1,\xD5\xC5\xCE\xB0\r\n";
	write_bytes(path, gbk, sizeof gbk - 1);
	struct gx_table_reader *t;
	struct gx_error err;
	assert_int_equal(gx_table_reader_open(path, NULL, &t, &err), GX_OK);
	assert_int_equal(gx_table_reader_format(t), GX_TABLE_CSV);
	assert_int_equal(gx_table_reader_encoding(t), GX_ENC_GB18030);
	const struct gx_table_row *h = gx_table_reader_header(t), *row;
	assert_cell(h, 0, "编号", GX_CELL_TEXT);
	assert_cell(h, 1, "名称", GX_CELL_TEXT);
	assert_int_equal(gx_table_reader_next(t, &row, &err), GX_OK);
	assert_int_equal(row->line, 2);
	assert_cell(row, 1, "张伟", GX_CELL_TEXT);
	assert_cell(h, 1, "名称", GX_CELL_TEXT);   /* the header outlives later rows */
	assert_int_equal(gx_table_reader_next(t, &row, &err), GX_OK);
	assert_null(row);
	gx_table_reader_close(t);

	/* Declared as UTF-8, the header row already fails: the whole file is refused. */
	struct gx_table_read_opts o = { .encoding = GX_ENC_UTF8 };
	t = (void *)1;
	assert_int_equal(gx_table_reader_open(path, &o, &t, &err), GX_EINVAL);
	assert_null(t);
	assert_string_equal(err.message,
	                    "cannot read the header row: line 1, column 1: invalid UTF-8 byte 0xB1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_serial_dates),
		cmocka_unit_test(test_round_trip_our_writer),
		cmocka_unit_test(test_sheet_split),
		cmocka_unit_test(test_shared_strings_and_styles),
		cmocka_unit_test(test_other_producers),
		cmocka_unit_test(test_zip_bomb_cap),
		cmocka_unit_test(test_old_formats_and_bad_files),
		cmocka_unit_test(test_unified_csv),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
